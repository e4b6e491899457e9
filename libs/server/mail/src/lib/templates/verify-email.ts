import { EmailContent } from './layout';

export interface VerifyEmailEmail {
  kind: 'verify-email';
  name: string;
  /** Carries the single-use verification token. */
  verifyUrl: string;
  expiresInHours: number;
}

/** Sent after a sign-up (and on request): the account works once the address is confirmed. */
export function verifyEmailEmail(template: VerifyEmailEmail): EmailContent {
  return {
    subject: 'Confirm your email address for PosCalls4U',
    preheader: 'One click and your account is ready.',
    greeting: `Hello ${template.name},`,
    paragraphs: [
      'Thanks for signing up to PosCalls4U. Confirm that this address is yours to activate your account.',
    ],
    action: { label: 'Confirm my email address', url: template.verifyUrl },
    footnote: `This link works once and expires in ${template.expiresInHours} hours. If you did not sign up, you can ignore this email.`,
  };
}
