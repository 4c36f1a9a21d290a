import { Mailer } from '../src/mail/mailer';
import { ensureBuilt, killAllApps, startApp } from './support/processes';
import { startSmtpServer, TestSmtpServer, tokenFrom } from './support/smtp-server';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Outgoing mail: queued in a table, sent after commit by the dispatcher over real SMTP (a real
 * `smtp-server` on a free port), retried while the server is down; without MAIL_URL, stored in the
 * development mailbox with its links in the log.
 */
jest.setTimeout(120_000);

const PUBLIC_URL = 'https://shop.example.test';

interface MailRow {
  status: string;
  transport: string | null;
  attempts: number;
  lastError: string | null;
  text: string | null;
}

const rowsTo = (t: TestApp, to: string): Promise<MailRow[]> =>
  t.dataSource.query(`SELECT "status", "transport", "attempts", "lastError", "text" FROM "mail_messages" WHERE "to" = $1`, [to]);

describe('Mail over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let mailer: Mailer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({
      MAIL_URL: smtp.url,
      MAIL_FROM: 'Shop <shop@example.test>',
      PUBLIC_URL,
      MAIL_RETRY_BASE_MS: '200',
      MAIL_RETRY_MAX_MS: '400',
      MAIL_POLL_INTERVAL_MS: '100',
      MAIL_TIMEOUT_MS: '2000',
    });
    mailer = t.app.get(Mailer);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('delivers a mail with a plain-text part, from MAIL_FROM, its token in a PUBLIC_URL link', async () => {
    await mailer.enqueue({ to: 'alice@example.test', template: 'verify-email', data: { name: 'Alice', token: 'tok-123' } });
    const mail = await smtp.waitForMailTo('alice@example.test');
    expect(mail.from).toBe('shop@example.test');
    const mailId = mail.parsed.headers.get('x-mail-id');
    expect(mail.parsed.messageId).toBe(`<${String(mailId)}@example.test>`);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.text).toContain('Hello Alice,');
    expect(mail.html).toContain('<a href=');
    expect(tokenFrom(mail, '/verify-email')).toBe('tok-123');
    expect(mail.links[0].startsWith(`${PUBLIC_URL}/verify-email?token=`)).toBe(true);
    await waitFor(async () =>
      expect(await rowsTo(t, 'alice@example.test')).toEqual([
        // Sent mail keeps no body: it may hold a token.
        expect.objectContaining({ status: 'sent', transport: 'smtp', attempts: 1, text: null }),
      ]),
    );
  });

  it('queues nothing for a transaction that rolls back, and the mail of one that commits', async () => {
    await t.dataSource
      .transaction(async (manager) => {
        await mailer.enqueue(
          { to: 'rollback@example.test', template: 'password-changed', data: { name: 'R', everySession: false } },
          manager,
        );
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await t.dataSource.transaction((manager) =>
      mailer.enqueue(
        { to: 'commit@example.test', template: 'password-changed', data: { name: 'C', everySession: false } },
        manager,
      ),
    );
    mailer.flush();
    await smtp.waitForMailTo('commit@example.test');
    expect(await rowsTo(t, 'rollback@example.test')).toEqual([]);
    expect(smtp.mailTo('rollback@example.test')).toEqual([]);
  });

  it('sends one mail per dedupe key, however often it is queued', async () => {
    const queued = await Promise.all(
      [1, 2, 3].map(() =>
        mailer.enqueue({
          to: 'once@example.test',
          template: 'password-changed',
          data: { name: 'O', everySession: false },
          dedupeKey: 'test:once',
        }),
      ),
    );
    expect(queued.filter(Boolean)).toHaveLength(1);
    await smtp.waitForMailTo('once@example.test');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mailTo('once@example.test')).toHaveLength(1);
  });

  it('keeps mail while the SMTP server is down and delivers it once it is back', async () => {
    await smtp.stop();
    try {
      await mailer.enqueue({ to: 'later@example.test', template: 'reset-password', data: { name: 'L', token: 'reset-1' } });
      // Attempts fail (connection refused) and are retried with backoff; the mail stays pending.
      await waitFor(async () => {
        const [row] = await rowsTo(t, 'later@example.test');
        expect(row).toMatchObject({ status: 'pending' });
        expect(row.attempts).toBeGreaterThanOrEqual(2);
        expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      }, 10_000);
    } finally {
      await smtp.start();
    }
    const mail = await smtp.waitForMailTo('later@example.test');
    expect(tokenFrom(mail, '/reset-password')).toBe('reset-1');
    // Every attempt carried the same Message-ID (the queued mail's id), so receivers can dedupe a re-send.
    expect(mail.parsed.messageId).toBe(`<${String(mail.parsed.headers.get('x-mail-id'))}@example.test>`);
    await waitFor(async () =>
      expect((await rowsTo(t, 'later@example.test'))[0]).toMatchObject({ status: 'sent', lastError: null }),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mailTo('later@example.test')).toHaveLength(1);
  });
});

describe('The development mailbox (no MAIL_URL)', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(() => killAllApps());

  it('stores the mail and logs its links', async () => {
    const databaseUrl = await createTestDatabase();
    const app = await startApp({ env: { DATABASE_URL: databaseUrl, PUBLIC_URL, MAIL_POLL_INTERVAL_MS: '100' } });
    try {
      await app.waitReady();
      const t = await startTestApp({ PUBLIC_URL, MAIL_POLL_INTERVAL_MS: '60000' }, databaseUrl);
      try {
        // Queued through an in-process app whose own dispatcher is idle (queued in a transaction, no
        // flush, a one-minute poll): the server process sends it, to its mailbox and its log.
        const mailer = t.app.get(Mailer);
        await t.dataSource.transaction((manager) =>
          mailer.enqueue(
            { to: 'dev@example.test', template: 'verify-email', data: { name: 'Dev', token: 'dev-token' } },
            manager,
          ),
        );
        const link = `${PUBLIC_URL}/verify-email?token=dev-token`;
        await waitFor(async () => {
          const [row] = await rowsTo(t, 'dev@example.test');
          expect(row).toMatchObject({ status: 'sent', transport: 'mailbox' });
          expect(row.text).toContain(link);
        }, 10_000);
        await waitFor(async () => expect(app.logLines().some((l) => String(l.msg).includes(link))).toBe(true));
      } finally {
        await t.close();
      }
    } finally {
      await app.stop();
    }
  });
});
