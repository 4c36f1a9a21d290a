import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { WriteStatement } from '../database/write-statement';
import { MailDispatcher } from './mail-dispatcher';
import { MailTemplateData, MailTemplateName, renderMail, TemplateContext, templateContext } from './templates';

export interface MailRequest<K extends MailTemplateName> {
  to: string;
  template: K;
  data: MailTemplateData<K>;
  /**
   * At most one mail per key, ever (e.g. `order.shipped:<event id>`): a second request with the same
   * key queues nothing, which makes an event handler that mails idempotent.
   */
  dedupeKey?: string;
}

/**
 * The face of the mail module: queue a mail, and it is sent after commit by the dispatcher —
 * over SMTP with MAIL_URL, to the development mailbox without — retried while the server is down.
 * Queueing is one INSERT: it never talks to a mail server, so it never slows or fails a request.
 *
 * Give the transaction's `manager` when the mail belongs to a change (a verification token): the
 * mail then exists exactly when the change committed, and goes out once it did (the dispatcher
 * polls; call `flush()` after commit to send at once). Without a manager (an event handler after
 * commit) it is queued and the dispatcher woken immediately.
 */
@Injectable()
export class Mailer {
  private readonly ctx: TemplateContext;

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: MailDispatcher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ctx = templateContext(config.publicUrl);
  }

  /** Queues a mail; false when its `dedupeKey` was queued before (nothing is queued then). */
  async enqueue<K extends MailTemplateName>(mail: MailRequest<K>, manager?: EntityManager): Promise<boolean> {
    const rendered = renderMail(mail.template, mail.data, this.ctx);
    const rows = await (manager ?? this.dataSource.manager).query<unknown[]>(
      `INSERT INTO "mail_messages" ("dedupeKey", "template", "to", "subject", "text", "html")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("dedupeKey") DO NOTHING
       RETURNING "id"`,
      [mail.dedupeKey ?? null, mail.template, mail.to, rendered.subject, rendered.text, rendered.html],
    );
    if (!manager) this.flush();
    return rows.length > 0;
  }

  /**
   * `enqueue` for many mails as one step of the caller's statement (WriteStatement), so a handler
   * queues a batch and records what it did in one round trip. Returns how to read, from the
   * statement's row, how many were queued (a known `dedupeKey` queues nothing). Call `flush()` once
   * the statement committed.
   */
  enqueueWithin(
    statement: WriteStatement,
    mails: ReadonlyArray<MailRequest<MailTemplateName>>,
  ): (row: Record<string, unknown>) => number {
    const rendered = mails.map((mail) => renderMail(mail.template, mail.data as never, this.ctx));
    const step = 'queued_mail';
    statement
      .step(
        step,
        `INSERT INTO "mail_messages" ("dedupeKey", "template", "to", "subject", "text", "html")
         SELECT * FROM unnest(${statement.param(
           mails.map((m) => m.dedupeKey ?? null),
           'varchar[]',
         )}, ${statement.param(
           mails.map((m) => m.template),
           'varchar[]',
         )}, ${statement.param(
           mails.map((m) => m.to),
           'varchar[]',
         )}, ${statement.param(
           rendered.map((r) => r.subject),
           'varchar[]',
         )}, ${statement.param(
           rendered.map((r) => r.text),
           'text[]',
         )}, ${statement.param(
           rendered.map((r) => r.html),
           'text[]',
         )})
         ON CONFLICT ("dedupeKey") DO NOTHING
         RETURNING 1`,
      )
      .output(step, `SELECT count(*)::int FROM "${step}"`);
    return (row) => Number(row[step] ?? 0);
  }

  /** Wakes the dispatcher: mail queued in a transaction that has now committed goes out at once. */
  flush(): void {
    this.dispatcher.kick();
  }

  /** A link to the public site carrying a token, as mails write it (`PUBLIC_URL` + path + `?token=`). */
  link(path: string, token: string): string {
    return this.ctx.link(path, token);
  }
}
