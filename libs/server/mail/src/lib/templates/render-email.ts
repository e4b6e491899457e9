import { AccountExistsEmail, accountExistsEmail } from './account-exists';
import { AccountLockedEmail, accountLockedEmail } from './account-locked';
import { InviteEmail, inviteEmail } from './invite';
import { RenderedEmail, renderLayout } from './layout';
import { NewSignInEmail, newSignInEmail } from './new-sign-in';
import { PasswordChangedEmail, passwordChangedEmail } from './password-changed';
import { PasswordResetEmail, passwordResetEmail } from './password-reset';
import { ScheduledReportEmail, scheduledReportEmail } from './scheduled-report';
import { VerifyEmailEmail, verifyEmailEmail } from './verify-email';
import { WelcomeEmail, welcomeEmail } from './welcome';

/**
 * Every email the platform sends, told apart by `kind`. To add one: write `<kind>.ts` with its
 * interface and a function returning `EmailContent`, add the interface here and a `case` below
 * (the exhaustiveness lint points at the missing case).
 */
export type EmailTemplate =
  | WelcomeEmail
  | InviteEmail
  | VerifyEmailEmail
  | PasswordResetEmail
  | PasswordChangedEmail
  | AccountLockedEmail
  | NewSignInEmail
  | AccountExistsEmail
  | ScheduledReportEmail;

export type EmailKind = EmailTemplate['kind'];

/** Renders a template into the subject, HTML and plain-text parts of one email. */
export function renderEmail(template: EmailTemplate): RenderedEmail {
  switch (template.kind) {
    case 'welcome':
      return renderLayout(welcomeEmail(template));
    case 'invite':
      return renderLayout(inviteEmail(template));
    case 'verify-email':
      return renderLayout(verifyEmailEmail(template));
    case 'password-reset':
      return renderLayout(passwordResetEmail(template));
    case 'password-changed':
      return renderLayout(passwordChangedEmail(template));
    case 'account-locked':
      return renderLayout(accountLockedEmail(template));
    case 'new-sign-in':
      return renderLayout(newSignInEmail(template));
    case 'account-exists':
      return renderLayout(accountExistsEmail(template));
    case 'scheduled-report':
      return renderLayout(scheduledReportEmail(template));
  }
}
