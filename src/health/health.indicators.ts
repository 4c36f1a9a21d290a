import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';
import { REDIS_CLIENT, RedisClient } from '../redis/redis.module';

/** Something that can tell how many committed events are not yet fully handled (the events module). */
export interface EventBacklogProbe {
  backlog(): Promise<number>;
  /** Events a sink (`kafka`, `redis`) does not hold yet; null when the sink is not configured. */
  sinkBacklog(sink: string): Promise<number | null>;
  sinkStatus(sink: string): Promise<'up' | 'down' | 'disabled'>;
}
export const EVENT_BACKLOG_PROBE = Symbol('EVENT_BACKLOG_PROBE');

/** Webhook deliveries waiting to be sent, and dead-lettered ones (the webhooks module). */
export interface WebhookBacklogProbe {
  backlog(): Promise<{ pending: number; failed: number }>;
}
export const WEBHOOK_BACKLOG_PROBE = Symbol('WEBHOOK_BACKLOG_PROBE');

/** Queued mail not sent yet (the mail module). */
export interface MailBacklogProbe {
  backlog(): Promise<number>;
}
export const MAIL_BACKLOG_PROBE = Symbol('MAIL_BACKLOG_PROBE');

@Injectable()
export class HealthIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    @Optional() @Inject(EVENT_BACKLOG_PROBE) private readonly events?: EventBacklogProbe,
    @Optional() @Inject(WEBHOOK_BACKLOG_PROBE) private readonly webhooks?: WebhookBacklogProbe,
    @Optional() @Inject(MAIL_BACKLOG_PROBE) private readonly mail?: MailBacklogProbe,
  ) {}

  database() {
    return this.typeorm.pingCheck('database', { connection: this.dataSource, timeout: 1500 });
  }

  async migrations() {
    const session = this.indicators.check('migrations');
    try {
      const pending = await withTimeout(this.dataSource.showMigrations(), 1500, 'migration check');
      return pending ? session.down({ message: 'migrations pending' }) : session.up();
    } catch {
      return session.down({ message: 'cannot read migrations' });
    }
  }

  /** Redis is a cache: it is reported, but "not configured" is a healthy state. */
  async redisStatus(): Promise<{ status: 'up' | 'down' | 'disabled' }> {
    if (!this.redis) return { status: 'disabled' };
    try {
      await withTimeout(this.redis.ping(), 500, 'redis ping');
      return { status: 'up' };
    } catch {
      return { status: 'down' };
    }
  }

  async eventBacklog(): Promise<number | null> {
    if (!this.events) return null;
    try {
      return await withTimeout(this.events.backlog(), 1500, 'event backlog');
    } catch {
      return null;
    }
  }

  /**
   * Kafka as a sink of the outbox: the broker's status (`disabled` without it in EVENTS_STREAMS;
   * `down` when unreachable or its last delivery failed) and the events it has not acknowledged yet
   * (null when not configured or the count cannot be read). Neither affects readiness: the outbox
   * holds the events until the broker is back.
   */
  async kafka(): Promise<{ status: 'up' | 'down' | 'disabled'; backlog: number | null }> {
    if (!this.events) return { status: 'disabled', backlog: null };
    const [status, backlog] = await Promise.all([
      withTimeout(this.events.sinkStatus('kafka'), 1500, 'kafka status').catch(() => 'down' as const),
      withTimeout(this.events.sinkBacklog('kafka'), 1500, 'kafka backlog').catch(() => null),
    ]);
    return { status, backlog: status === 'disabled' ? null : backlog };
  }

  async webhookBacklog(): Promise<{ pending: number; failed: number } | null> {
    if (!this.webhooks) return null;
    try {
      return await withTimeout(this.webhooks.backlog(), 1500, 'webhook backlog');
    } catch {
      return null;
    }
  }

  async mailBacklog(): Promise<number | null> {
    if (!this.mail) return null;
    try {
      return await withTimeout(this.mail.backlog(), 1500, 'mail backlog');
    } catch {
      return null;
    }
  }
}
