import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { withTimeout } from '../../common/with-timeout';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { REDIS_CLIENT, RedisClient } from '../../redis/redis.module';
import { decodeNotice, encodeNotice, SessionNotice } from './session-cache';

/** How often each instance sends a heartbeat through the channel to itself. */
const BEAT_INTERVAL_MS = 1000;
/** Without its own heartbeat for this long, an instance stops trusting that notices reach it. */
const BEAT_TIMEOUT_MS = 3000;
const PUBLISH_TIMEOUT_MS = 500;
const PUBLISH_RETRY_MS = 500;
const PUBLISH_GIVE_UP_MS = 60_000;
/** How long a publisher waits for every subscribed instance to confirm it applied a notice. */
const ACK_TIMEOUT_MS = 1000;

/** A notice this instance published, counting the acknowledgements of the instances that applied it. */
interface AwaitedNotice {
  /** Subscribers PUBLISH reported, once it replied. */
  expected?: number;
  acks: number;
  done?: () => void;
}

export interface NoticeListener {
  notice(notice: SessionNotice): void;
  /** Notices may have been missed (the channel was down): forget everything. */
  reset(): void;
}

/**
 * Tells every instance that a session ended or a user changed, over a Redis pub/sub channel.
 *
 * An instance may trust its in-process session cache only while it is sure to hear every notice.
 * It proves that to itself with a heartbeat it publishes and receives on the same channel: any
 * error of the subscriber connection, or no heartbeat for BEAT_TIMEOUT_MS, makes it `unreliable`
 * (the per-request check then reads the database), and the first heartbeat after that clears the
 * cache before it is trusted again. Without Redis there is one instance and notices stay local.
 *
 * Pub/sub delivery is asynchronous: PUBLISH returns once the message is queued for each subscriber,
 * not once they have read it. So every notice carries an id, each instance acknowledges it on the
 * channel after applying it, and `publish` waits (bounded by ACK_TIMEOUT_MS) until as many
 * acknowledgements came back as PUBLISH reported subscribers — the request that logged out is
 * answered only after every instance will deny the session.
 */
@Injectable()
export class SessionNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SessionNotices');
  private readonly instance = randomUUID();
  private readonly channel: string;
  private subscriber?: RedisClient;
  private listener?: NoticeListener;
  private hearing = false;
  private lastBeatAt = 0;
  private beat?: NodeJS.Timeout;
  private stopped = false;
  private nextNoticeId = 0;
  private readonly awaitingAcks = new Map<string, AwaitedNotice>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.redisKeyPrefix}session-notices`;
  }

  listen(listener: NoticeListener): void {
    this.listener = listener;
  }

  /** True when every notice published by any instance is known to reach this one. */
  get reliable(): boolean {
    if (!this.redis) return true;
    if (this.hearing && Date.now() - this.lastBeatAt > BEAT_TIMEOUT_MS) this.hearing = false;
    return this.hearing;
  }

  onApplicationBootstrap(): void {
    if (!this.redis) return;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    const lost = () => {
      this.hearing = false;
    };
    subscriber.on('error', lost);
    subscriber.on('reconnecting', lost);
    subscriber.on('end', lost);
    // The client re-subscribes by itself after a reconnect; the next heartbeat proves it.
    subscriber
      .connect()
      .then(() => subscriber.subscribe(this.channel, (message) => this.receive(message)))
      .catch(() => undefined);
    this.beat = setInterval(() => void this.sendBeat(), BEAT_INTERVAL_MS);
    this.beat.unref();
    void this.sendBeat();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.beat) clearInterval(this.beat);
    const subscriber = this.subscriber;
    if (!subscriber) return;
    if (subscriber.isReady) await subscriber.close().catch(() => subscriber.destroy());
    else if (subscriber.isOpen) subscriber.destroy();
  }

  /**
   * Sends notices to every other instance (the caller has applied them locally). One attempt while
   * the request waits; when Redis fails, retried in the background.
   */
  async publish(notices: SessionNotice[]): Promise<void> {
    if (!this.redis || notices.length === 0) return;
    const failed = await this.tryPublish(notices.map(encodeNotice));
    if (failed.length > 0) void this.retryLater(failed, Date.now());
  }

  /**
   * Publishes one notice and waits until every subscriber acknowledged it (or ACK_TIMEOUT_MS).
   * Throws when Redis did not take the message.
   */
  private async publishAcknowledged(encoded: string): Promise<void> {
    const id = `${this.instance}.${++this.nextNoticeId}`;
    const waiting: AwaitedNotice = { acks: 0 };
    const acknowledged = new Promise<void>((resolve) => (waiting.done = resolve));
    this.awaitingAcks.set(id, waiting);
    try {
      waiting.expected = await withTimeout(
        this.redis!.publish(this.channel, `n:${id}:${encoded}`),
        PUBLISH_TIMEOUT_MS,
        'session notice',
      );
      if (waiting.acks >= waiting.expected) return;
      await withTimeout(acknowledged, ACK_TIMEOUT_MS, 'session notice acknowledgement').catch(() =>
        this.logger.warn(
          `${waiting.expected! - waiting.acks} instance(s) did not confirm a session notice within ${ACK_TIMEOUT_MS} ms`,
        ),
      );
    } finally {
      this.awaitingAcks.delete(id);
    }
  }

  private async retryLater(messages: string[], started: number): Promise<void> {
    let pending = messages;
    while (pending.length > 0 && !this.stopped && Date.now() - started <= PUBLISH_GIVE_UP_MS) {
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_RETRY_MS).unref());
      pending = await this.tryPublish(pending);
    }
    if (pending.length > 0 && !this.stopped) {
      this.logger.error(
        `could not announce ${pending.length} session change(s); other instances trust their cache until it expires`,
      );
    }
  }

  /** Returns the messages that could not be published. */
  private async tryPublish(messages: string[]): Promise<string[]> {
    const failed: string[] = [];
    await Promise.all(messages.map((message) => this.publishAcknowledged(message).catch(() => void failed.push(message))));
    return failed;
  }

  private async sendBeat(): Promise<void> {
    if (!this.redis?.isReady) return;
    await withTimeout(this.redis.publish(this.channel, `h:${this.instance}`), PUBLISH_TIMEOUT_MS, 'session heartbeat').catch(
      () => undefined,
    );
  }

  private receive(message: string): void {
    if (message.startsWith('h:')) {
      if (message !== `h:${this.instance}`) return;
      this.lastBeatAt = Date.now();
      if (!this.hearing) {
        // Whatever was published while this instance was not hearing is lost: start from nothing.
        this.listener?.reset();
        this.hearing = true;
      }
      return;
    }
    if (message.startsWith('a:')) {
      const waiting = this.awaitingAcks.get(message.slice(2));
      if (!waiting) return;
      waiting.acks++;
      if (waiting.expected !== undefined && waiting.acks >= waiting.expected) waiting.done?.();
      return;
    }
    if (!message.startsWith('n:')) return;
    // n:<notice id>:<notice>; the id is "<instance>.<n>" and holds no colon.
    const separator = message.indexOf(':', 2);
    const notice = decodeNotice(message.slice(separator + 1));
    if (!notice) return;
    this.listener?.notice(notice);
    void this.redis?.publish(this.channel, `a:${message.slice(2, separator)}`).catch(() => undefined);
  }
}
