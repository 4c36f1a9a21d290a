import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * The skeleton of a worker that drains a table used as a queue, on every instance: a poll timer
 * plus `kick()` for "look now", one pump at a time (a kick during a pump asks for another round),
 * up to `concurrency()` attempts in flight, and a shutdown that stops claiming and waits for the
 * attempts in flight.
 *
 * What is queue-specific stays with the subclass: `claim(limit)` is one statement that picks due
 * rows with `FOR UPDATE SKIP LOCKED` (instances never pick the same row), counts the attempt and
 * moves the row's next attempt past the attempt's timeout — a lease; `attempt(item)` does the
 * work outside any transaction and records its outcome fenced by that lease (and computes the
 * backoff). A process killed mid-attempt leaves the row with an expired lease: at least once.
 */
export abstract class LeasedQueueWorker<T> implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly attempts = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private pumping = false;
  /** A kick came during the pump: look again. */
  protected again = false;
  protected stopped = false;

  protected constructor(
    protected readonly logger: Logger,
    /** What a failed claim's warning calls the queue ("mail", "webhook deliveries"). */
    private readonly queueName: string,
  ) {}

  /** How often the queue is looked at besides kicks. */
  protected abstract pollIntervalMs(): number;
  /** Attempts in flight at most on this instance. */
  protected abstract concurrency(): number;
  /** Leases up to `limit` due rows (see above). */
  protected abstract claim(limit: number): Promise<T[]>;
  /** Works one leased row and records its outcome; a rejection is logged with `describe(item)`. */
  protected abstract attempt(item: T): Promise<void>;
  /** Names an item in a warning ("mail <id>"). */
  protected abstract describe(item: T): string;
  /** Called when an attempt starts and when it has settled (per-key bookkeeping, e.g. fairness). */
  protected attemptStarted(_item: T): void {}
  protected attemptSettled(_item: T): void {}
  /** Called at shutdown once the attempts in flight have settled. */
  protected afterShutdown(): void {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.pollIntervalMs());
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // Attempts in flight end within their timeout; their outcome is recorded if the database is still there.
    await Promise.allSettled([...this.attempts]);
    this.afterShutdown();
  }

  /** Look for due rows now (rows were queued and committed, an attempt finished, a retry was asked for). */
  kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.pump()
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.warn(`claiming ${this.queueName} failed: ${messageOf(error)}`);
      })
      .finally(() => (this.pumping = false));
  }

  /** Claims and starts attempts while slots are free and rows due; a subclass may claim otherwise. */
  protected async pump(): Promise<void> {
    do {
      this.again = false;
      const free = this.concurrency() - this.attempts.size;
      if (free <= 0 || this.stopped) return;
      const claimed = await this.claim(free);
      for (const item of claimed) this.start(item);
      if (claimed.length === free) this.again = true;
    } while (this.again && !this.stopped);
  }

  private start(item: T): void {
    this.attemptStarted(item);
    const attempt = this.attempt(item)
      .catch((error: unknown) => this.logger.warn(`${this.describe(item)}: ${messageOf(error)}`))
      .finally(() => {
        this.attempts.delete(attempt);
        this.attemptSettled(item);
        this.kick();
      });
    this.attempts.add(attempt);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
