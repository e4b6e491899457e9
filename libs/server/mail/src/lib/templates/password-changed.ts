import { EmailContent } from './layout';

export interface PasswordChangedEmail {
  kind: 'password-changed';
  name: string;
  /** Where to reset the password if the change was not the owner's doing. */
  resetUrl: string;
}

/** Sent after a password change or reset, so the owner notices one they did not make. */
export function passwordChangedEmail(template: PasswordChangedEmail): EmailContent {
  return {
    subject: 'Your PosCalls4U password was changed',
    preheader: 'If this was not you, reset your password now.',
    greeting: `Hello ${template.name},`,
    paragraphs: [
      'The password of your PosCalls4U account was just changed, and your other devices were signed out.',
      'If you did this, there is nothing else to do. If you did not, reset your password at once and tell your administrator.',
    ],
    action: { label: 'Reset my password', url: template.resetUrl },
  };
}
