import { EmailContent } from './layout';

export interface WelcomeEmail {
  kind: 'welcome';
  name: string;
  signInUrl: string;
}

/** Sent after registration. */
export function welcomeEmail(template: WelcomeEmail): EmailContent {
  return {
    subject: 'Welcome to PosCalls4U',
    preheader: 'Your account is ready. Sign in to start taking calls.',
    greeting: `Hello ${template.name},`,
    paragraphs: [
      'Welcome to PosCalls4U, the contact center where agents take calls in the agent console and supervisors follow their teams live in the supervisor console.',
      'Your account is ready. Sign in to set your status and start working.',
    ],
    action: { label: 'Sign in', url: template.signInUrl },
    footnote: 'If you did not create this account, you can ignore this email.',
  };
}
