import { EmailContent } from './layout';

export interface AccountExistsEmail {
  kind: 'account-exists';
  name: string;
  signInUrl: string;
  resetUrl: string;
}

/**
 * Sent instead of a verification email when someone signs up with an address that already has an
 * account: the sign-up answer is the same either way, so only the owner learns of it.
 */
export function accountExistsEmail(template: AccountExistsEmail): EmailContent {
  return {
    subject: 'Someone tried to sign up with your email address',
    preheader: 'You already have a PosCalls4U account.',
    greeting: `Hello ${template.name},`,
    paragraphs: [
      'Someone just tried to create a PosCalls4U account with this email address, but you already have one, so nothing was changed.',
      `If it was you, sign in at ${template.signInUrl}, or reset your password if you forgot it.`,
    ],
    action: { label: 'Reset my password', url: template.resetUrl },
    footnote: 'If it was not you, you can ignore this email: your account is unchanged.',
  };
}
