export * from './lib/email-message';
export { MailService } from './lib/mail.service';
export * from './lib/mail.module';
export * from './lib/send-email.job-handler';
export type { EmailContent, RenderedEmail } from './lib/templates/layout';
export { escapeHtml } from './lib/templates/escape-html';
export * from './lib/templates/render-email';
export * from './lib/templates/welcome';
