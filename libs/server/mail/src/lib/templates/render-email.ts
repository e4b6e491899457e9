import { InviteEmail, inviteEmail } from './invite';
import { RenderedEmail, renderLayout } from './layout';
import { WelcomeEmail, welcomeEmail } from './welcome';

/**
 * Every email the platform sends, told apart by `kind`. To add one: write `<kind>.ts` with its
 * interface and a function returning `EmailContent`, add the interface here and a `case` below
 * (the exhaustiveness lint points at the missing case).
 */
export type EmailTemplate = WelcomeEmail | InviteEmail;

export type EmailKind = EmailTemplate['kind'];

/** Renders a template into the subject, HTML and plain-text parts of one email. */
export function renderEmail(template: EmailTemplate): RenderedEmail {
  switch (template.kind) {
    case 'welcome':
      return renderLayout(welcomeEmail(template));
    case 'invite':
      return renderLayout(inviteEmail(template));
  }
}
