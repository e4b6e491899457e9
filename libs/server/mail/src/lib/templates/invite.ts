import { EmailContent } from './layout';

export interface InviteEmail {
  kind: 'invite';
  /** The invitee's name. */
  name: string;
  /** The admin who sent the invitation. */
  invitedBy: string;
  /** The role the invitee will have, as shown to them (e.g. "supervisor"). */
  role: string;
  /** Where the invitee chooses a password; carries the single-use invite token. */
  acceptUrl: string;
  expiresInDays: number;
}

/** Sent when an admin invites someone; the account exists, only the password is missing. */
export function inviteEmail(template: InviteEmail): EmailContent {
  return {
    subject: `${template.invitedBy} invited you to PosCalls4U`,
    preheader: 'Choose a password to activate your account.',
    greeting: `Hello ${template.name},`,
    paragraphs: [
      `${template.invitedBy} invited you to join PosCalls4U as ${template.role}.`,
      'Choose a password to activate your account; you can then sign in with this email address.',
    ],
    action: { label: 'Choose a password', url: template.acceptUrl },
    footnote: `This link works once and expires in ${template.expiresInDays} days. If you did not expect this invitation, you can ignore this email.`,
  };
}
