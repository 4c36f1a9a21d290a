import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { linksOf } from './templates';

export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export type SendOutcome =
  | { ok: true; transport: 'smtp' | 'mailbox' }
  /** `permanent`: the server refused the message itself (5xx): trying again would change nothing. */
  | { ok: false; permanent: boolean; error: string };

/** `<mail id@sender's domain>` (RFC 5322 msg-id): stable for the queued mail, unique across senders. */
export function messageIdOf(mailId: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${mailId}@${domain}>`;
}

/**
 * Hands one message to the SMTP server of MAIL_URL (nodemailer), or — without MAIL_URL — to the
 * development mailbox: the message simply stays in `mail_messages`, and its links are logged so that
 * `npm start` needs no mail server (never in production, where a log line must not hold a token).
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailbox');
  private readonly smtp?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.mailUrl) {
      // Loaded only with MAIL_URL: the development mailbox needs no SMTP client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createTransport } = require('nodemailer') as typeof import('nodemailer');
      this.smtp = createTransport({
        url: config.mailUrl,
        connectionTimeout: config.mailTimeoutMs,
        greetingTimeout: config.mailTimeoutMs,
        socketTimeout: config.mailTimeoutMs,
      });
    } else if (config.env === 'production') {
      this.logger.warn('MAIL_URL is not set: mail is stored in the development mailbox and nobody receives it');
    }
  }

  get kind(): 'smtp' | 'mailbox' {
    return this.smtp ? 'smtp' : 'mailbox';
  }

  /** The development mailbox: the message stays in `mail_messages`; the log names it (and, outside production, its links). */
  toMailbox(message: OutgoingMessage): void {
    const links = this.config.env === 'production' ? '' : ` ${linksOf(message.text ?? '').join(' ')}`;
    this.logger.log(`mail ${message.id} to ${message.to}: "${message.subject}"${links}`);
  }

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    if (!this.smtp) {
      this.toMailbox(message);
      return { ok: true, transport: 'mailbox' };
    }
    try {
      await this.smtp.sendMail({
        from: this.config.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        // One Message-ID per queued mail, the same on every attempt: a receiver that got a message
        // whose acknowledgement was lost (timeout after DATA) can drop the re-sent copy.
        messageId: messageIdOf(message.id, this.config.mailFrom),
        headers: { 'X-Mail-Id': message.id },
      });
      return { ok: true, transport: 'smtp' };
    } catch (error) {
      const { responseCode, message: text } = error as { responseCode?: number; message?: string };
      return {
        ok: false,
        permanent: typeof responseCode === 'number' && responseCode >= 500,
        error: String(text ?? error).slice(0, 500),
      };
    }
  }

  onApplicationShutdown(): void {
    this.smtp?.close();
  }
}
