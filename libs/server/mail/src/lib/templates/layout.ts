import { escapeHtml } from './escape-html';

/**
 * What every email says, as plain text. The layout turns it into both parts, so the HTML is
 * escaped in one place and the text part is written for reading, not stripped from the HTML.
 */
export interface EmailContent {
  subject: string;
  /** The preview line mail clients show after the subject. */
  preheader: string;
  greeting: string;
  paragraphs: string[];
  /** The one thing the email asks the reader to do: a button in HTML, a labelled link in text. */
  action?: { label: string; url: string };
  /** Smaller print after the action, e.g. "If you did not ask for this, ignore this email." */
  footnote?: string;
  /** A link that stops this kind of email (a scheduled report's recipients). */
  unsubscribeUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const BRAND = 'PosCalls4U';
const BRAND_COLOR = '#1d4ed8';
const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

export function renderLayout(content: EmailContent): RenderedEmail {
  return { subject: content.subject, html: renderHtml(content), text: renderText(content) };
}

/**
 * Tables and inline styles only: many mail clients (Outlook, Gmail) ignore <style> blocks,
 * flexbox and external CSS.
 */
function renderHtml(content: EmailContent): string {
  const paragraphs = content.paragraphs
    .map(
      (paragraph) =>
        `<p style="margin:0 0 16px;${FONT}font-size:16px;line-height:24px;color:#1f2937;">${escapeHtml(paragraph)}</p>`,
    )
    .join('\n');
  const action = content.action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
<tr><td style="border-radius:6px;background:${BRAND_COLOR};">
<a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:12px 24px;${FONT}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(content.action.label)}</a>
</td></tr>
</table>
<p style="margin:0 0 16px;${FONT}font-size:13px;line-height:20px;color:#6b7280;">If the button does not work, copy this link into your browser:<br><a href="${escapeHtml(content.action.url)}" style="color:${BRAND_COLOR};word-break:break-all;">${escapeHtml(content.action.url)}</a></p>`
    : '';
  const footnote = content.footnote
    ? `<p style="margin:0;${FONT}font-size:13px;line-height:20px;color:#6b7280;">${escapeHtml(content.footnote)}</p>`
    : '';
  const unsubscribe = content.unsubscribeUrl
    ? `<p style="margin:16px 0 0;${FONT}font-size:13px;line-height:20px;color:#6b7280;"><a href="${escapeHtml(content.unsubscribeUrl)}" style="color:${BRAND_COLOR};">Unsubscribe</a> from this email.</p>`
    : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(content.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 32px;background:${BRAND_COLOR};border-radius:8px 8px 0 0;${FONT}font-size:20px;font-weight:bold;color:#ffffff;">${BRAND}</td></tr>
<tr><td style="padding:32px;">
<p style="margin:0 0 16px;${FONT}font-size:16px;line-height:24px;color:#1f2937;">${escapeHtml(content.greeting)}</p>
${paragraphs}
${action}
${footnote}
${unsubscribe}
</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #e5e7eb;${FONT}font-size:12px;line-height:18px;color:#9ca3af;">${BRAND}, the open-source contact center. This is an automatic message; replies are not read.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderText(content: EmailContent): string {
  const blocks = [content.greeting, ...content.paragraphs];
  if (content.action) blocks.push(`${content.action.label}: ${content.action.url}`);
  if (content.footnote) blocks.push(content.footnote);
  if (content.unsubscribeUrl) blocks.push(`Unsubscribe: ${content.unsubscribeUrl}`);
  blocks.push(
    `-- \n${BRAND}, the open-source contact center.\nThis is an automatic message; replies are not read.`,
  );
  return `${blocks.join('\n\n')}\n`;
}
