import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { SmtpCatcher } from './smtp-catcher';
import { TestApi, apiClient } from './test-api';

/** The text of every email the API wrote to its outbox folder (no SMTP configured), oldest first. */
export function outboxEmails(api: TestApi): string[] {
  const dir = join(api.dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((file) => decodeQuotedPrintable(readFileSync(join(dir, file), 'utf8')));
}

/**
 * The token of the newest link to `path` (e.g. `/agent/verify-email`) emailed to `to`, read from
 * the SMTP catcher when given, else from the outbox folder. Waits for it up to `timeoutMs`.
 */
export async function emailedToken(
  api: TestApi,
  to: string,
  path: string,
  options: { smtp?: SmtpCatcher; timeoutMs?: number; after?: number } = {},
): Promise<string> {
  const pattern = new RegExp(`${path.replace(/[/]/g, '\\/')}\\?token=([A-Za-z0-9_-]+)`);
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    await api.settle();
    const texts = options.smtp
      ? options.smtp.messages
          .filter((mail) => JSON.stringify(mail.to).includes(to))
          .map((mail) => mail.text ?? '')
      : outboxEmails(api).filter((text) => text.includes(to));
    const tokens = texts
      .slice(options.after ?? 0)
      .map((text) => pattern.exec(text)?.[1])
      .filter((token): token is string => token !== undefined);
    const newest = tokens.at(-1);
    if (newest) return newest;
    if (Date.now() > deadline) throw new Error(`No ${path} link emailed to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Signs a user up and confirms the email through the emailed link: ready to sign in. */
export async function createVerifiedUser(
  api: TestApi,
  user: { name?: string; email: string; password: string },
  options: { smtp?: SmtpCatcher } = {},
): Promise<void> {
  const call = apiClient(api.baseUrl);
  const registered = await call('POST', '/api/auth/register', {
    body: { name: user.name ?? 'Test User', email: user.email, password: user.password },
  });
  if (registered.status !== 201) {
    throw new Error(`Sign-up failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  }
  const token = await emailedToken(api, user.email.toLowerCase(), '/agent/verify-email', options);
  const verified = await call('POST', '/api/auth/verify-email', { body: { token } });
  if (verified.status !== 200) {
    throw new Error(`Verification failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  }
}

/** The first email to `to` whose subject matches, from the SMTP catcher, waiting up to 20 s. */
export async function waitForEmail(smtp: SmtpCatcher, to: string, subject: RegExp) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = smtp.messages.find(
      (mail) => JSON.stringify(mail.to).includes(to) && subject.test(mail.subject ?? ''),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No email "${subject}" to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
