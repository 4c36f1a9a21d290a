import type { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../src/database/embedded-postgres';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lower-case. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | false;
  /** Every URL in the plain-text part. */
  links: string[];
  parsed: ParsedMail;
}

/**
 * A real SMTP server (the `smtp-server` package) on a free 127.0.0.1 port that parses every mail it
 * accepts (`mailparser`) and keeps it. It can be stopped and started again on the same port, to play
 * a mail server that is down; it never keeps the test process alive.
 * Point the app at it with `MAIL_URL: smtp.url`.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private waiters: Array<() => void> = [];
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<this> {
    if (this.server) return this;
    this.port ||= await freePort();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Connections still open when the test stops the server are cut at once.
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const text = parsed.text ?? '';
            this.received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text,
              html: parsed.html ?? false,
              links: text.match(/https?:\/\/\S+/g) ?? [],
              parsed,
            });
            const waiters = this.waiters;
            this.waiters = [];
            for (const wake of waiters) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.server.address() as AddressInfo).port;
    server.server.unref();
    this.server = server;
    return this;
  }

  /** Stops listening (connections are refused) until `start()`; what was received stays. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mail addressed to `address`. */
  mailTo(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Resolves with the first received mail that matches (already received or arriving within `timeoutMs`). */
  async waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching mail within ${timeoutMs} ms (received ${this.received.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first mail to `address` (waiting for it). */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail> {
    return this.waitFor((m) => m.to.includes(address.toLowerCase()), timeoutMs);
  }
}

/** Starts a test SMTP server; stop it in `afterAll` (an unstopped one never holds the test process open). */
export function startSmtpServer(): Promise<TestSmtpServer> {
  return new TestSmtpServer().start();
}

/** The `token` query parameter of the first link in a mail whose path is `path` (e.g. `/verify-email`). */
export function tokenFrom(mail: ReceivedMail, path: string): string {
  for (const link of mail.links) {
    const url = new URL(link);
    const token = url.searchParams.get('token');
    if (url.pathname === path && token) return token;
  }
  throw new Error(`no ${path}?token= link in mail "${mail.subject}"`);
}
