import { EmailContent } from './layout';

export interface PasswordResetEmail {
  kind: 'password-reset';
  name: string;
  /** Carries the single-use reset token. */
  resetUrl: string;
  expiresInMinutes: number;
}

/** Sent on "forgot password" for an existing account. */
export function passwordResetEmail(template: PasswordResetEmail): EmailContent {
  return {
    subject: 'Reset your PosCalls4U password',
    preheader: 'Choose a new password for your account.',
    greeting: `Hello ${template.name},`,
    paragraphs: [
      'Someone (hopefully you) asked to reset the password of your PosCalls4U account.',
      'Choose a new password with the link below. Every device signed in to your account will be signed out.',
    ],
    action: { label: 'Choose a new password', url: template.resetUrl },
    footnote: `This link works once and expires in ${template.expiresInMinutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.`,
  };
}
