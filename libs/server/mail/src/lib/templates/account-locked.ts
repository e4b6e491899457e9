import { EmailContent } from './layout';

export interface AccountLockedEmail {
  kind: 'account-locked';
  name: string;
  failedAttempts: number;
  lockedMinutes: number;
  /** Resetting the password ends the lockout at once. */
  resetUrl: string;
}

/** Sent when too many failed sign-ins lock an account. */
export function accountLockedEmail(template: AccountLockedEmail): EmailContent {
  return {
    subject: 'Your PosCalls4U account is locked',
    preheader: 'Too many failed sign-ins. Reset your password to unlock it now.',
    greeting: `Hello ${template.name},`,
    paragraphs: [
      `After ${template.failedAttempts} failed sign-ins in a row, your PosCalls4U account is locked for ${template.lockedMinutes} minutes.`,
      'If these attempts were yours, wait or reset your password to unlock the account now. If they were not, someone may be guessing your password: reset it and tell your administrator.',
    ],
    action: { label: 'Reset my password', url: template.resetUrl },
    footnote: 'An administrator can also unlock your account.',
  };
}
