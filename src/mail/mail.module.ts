import { Global, Module } from '@nestjs/common';
import { MailDispatcher } from './mail-dispatcher';
import { MailTransport } from './mail-transport';
import { Mailer } from './mailer';

/**
 * Outgoing mail. Other modules inject `Mailer` and call `enqueue` with a template of
 * `templates.ts`; the dispatcher sends queued mail after commit with retries (see MailDispatcher).
 */
@Global()
@Module({
  providers: [MailTransport, MailDispatcher, Mailer],
  exports: [Mailer],
})
export class MailModule {}
