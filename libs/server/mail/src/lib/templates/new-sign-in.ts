import { EmailContent } from './layout';

export interface NewSignInEmail {
  kind: 'new-sign-in';
  name: string;
  /** "Chrome on Windows", or the raw user agent. */
  device: string;
  ip: string;
  /** ISO 8601 instant of the sign-in. */
  at: string;
  /** Where the owner reviews and ends their sessions. */
  sessionsUrl: string;
}

/** Sent when an account signs in from a device and address it never used before. */
export function newSignInEmail(template: NewSignInEmail): EmailContent {
  return {
    subject: 'New sign-in to your PosCalls4U account',
    preheader: `Signed in from ${template.device}.`,
    greeting: `Hello ${template.name},`,
    paragraphs: [
      `Your PosCalls4U account was just signed in from a new device: ${template.device}, address ${template.ip}, at ${template.at}.`,
      'If this was you, there is nothing to do. If not, end that session from your profile and change your password.',
    ],
    action: { label: 'Review my sessions', url: template.sessionsUrl },
  };
}
