import { Global, Module } from '@nestjs/common';
import { MAIL_BACKLOG_PROBE } from '../health/health.indicators';
import { MailDispatcher } from './mail-dispatcher';
import { MailTransport } from './mail-transport';
import { Mailer } from './mailer';

/**
 * Outgoing mail. Other modules inject `Mailer` and call `enqueue` with a template of
 * `templates.ts`; the dispatcher sends queued mail after commit with retries (see MailDispatcher).
 */
@Global()
@Module({
  providers: [MailTransport, MailDispatcher, Mailer, { provide: MAIL_BACKLOG_PROBE, useExisting: MailDispatcher }],
  exports: [Mailer, MAIL_BACKLOG_PROBE],
})
export class MailModule {}
