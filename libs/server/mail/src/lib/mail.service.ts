import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transporter, createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

import { APP_CONFIG, type AppConfig, type SmtpConfig } from '@poscalls4u/server-config';

import { EmailMessage, SendOptions, SentEmail } from './email-message';

/**
 * Sends email through SMTP when it is configured. Otherwise writes each message as an .eml
 * file into the outbox folder and logs its links, so a newcomer can follow a sign-up or a
 * password reset without a mail server.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transporter: Transporter;
  private readonly smtp: boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const smtp = config.mail.smtp;
    this.smtp = smtp !== undefined;
    this.transporter = smtp
      ? createTransport(smtpOptions(smtp))
      : // The stream transport builds the raw RFC 822 message without sending it anywhere.
        createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: EmailMessage, options: SendOptions = {}): Promise<SentEmail> {
    const messageId = this.messageId(message, options.idempotencyKey);
    const info = await this.transporter.sendMail({
      from: this.config.mail.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      attachments: message.attachments?.map((file) => ({
        filename: file.filename,
        contentType: file.contentType,
        content: file.content,
      })),
      messageId,
    });

    if (this.smtp) {
      this.logger.log(`Sent email "${message.subject}" to ${message.to} (${messageId})`);
      return { messageId, transport: 'smtp' };
    }

    const file = await this.writeToOutbox(message, info.message as Buffer);
    const links = extractLinks(message.text);
    this.logger.log(
      `Email to ${message.to} "${message.subject}" written to ${file}${links.length > 0 ? `; links: ${links.join(' ')}` : ''}`,
    );
    return { messageId, transport: 'outbox', file };
  }

  /** Closes pooled SMTP connections after the jobs module has let running jobs finish. */
  onApplicationShutdown(): void {
    this.transporter.close();
  }

  private async writeToOutbox(message: EmailMessage, raw: Buffer): Promise<string> {
    const dir = this.config.mail.outboxDir;
    await mkdir(dir, { recursive: true });
    // The timestamp first, so `ls` lists the outbox in the order the emails were sent.
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    const name = `${stamp}-${slug(message.subject)}-${randomBytes(3).toString('hex')}.eml`;
    const file = join(dir, name);
    await writeFile(file, raw, { flag: 'wx' });
    return file;
  }

  /**
   * A Message-ID derived from the idempotency key and the content: stable across retries of
   * one job, different for different emails even if a key is ever reused.
   */
  private messageId(message: EmailMessage, idempotencyKey: string | undefined): string {
    const domain = this.config.mail.from.match(/@([^>\s]+)>?\s*$/)?.[1] ?? 'poscalls4u.local';
    const local = idempotencyKey
      ? createHash('sha256')
          .update([idempotencyKey, message.to, message.subject, message.text].join('\n'))
          .digest('hex')
          .slice(0, 32)
      : randomBytes(16).toString('hex');
    return `<${local}@${domain}>`;
  }
}

function smtpOptions(smtp: SmtpConfig): SMTPTransport.Options {
  const auth = smtp.user ? { user: smtp.user, pass: smtp.password } : undefined;
  // A well-known service (e.g. "gmail") brings its own host, port and TLS settings.
  if (smtp.service) return { service: smtp.service, auth };
  return { host: smtp.host, port: smtp.port, secure: smtp.secure, auth };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'email'
  );
}

/** The http(s) links of a plain-text part, each once, in order. */
function extractLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"'()]+/g) ?? [])];
}
