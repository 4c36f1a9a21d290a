/** How long the after-commit handlers (history, mail, webhooks, delivery records) let a busy instance's items gather. */
export const AFTER_COMMIT_LINGER_MS = 20;

/**
 * Writes items in batches, one `flush` call per batch, the way databases group commits: items added
 * while a flush is running wait for it and then go together in the next one. No timer and no delay
 * when idle (a lone item is flushed at once); under load, one round trip per batch instead of one
 * per item. Each `add` settles when its own item was flushed (or failed).
 *
 * A failing batch of several items is retried item by item, so one item the database refuses
 * cannot hold back the others that happened to share its batch.
 */
export class GroupCommit<T> {
  private queue: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  private draining = false;

  /**
   * `lingerMs`: under load, how long to let items gather after a flush before the next one (never
   * before the first: a lone item on an idle instance still goes at once). Without it a busy
   * instance flushes whatever arrived during one statement — about one order's worth — so each
   * order still costs a statement per handler; 20 ms gathers several per statement.
   */
  private readonly maxBatch: number;
  private readonly lingerMs: number;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    { maxBatch = 500, lingerMs = 0 }: { maxBatch?: number; lingerMs?: number } = {},
  ) {
    this.maxBatch = maxBatch;
    this.lingerMs = lingerMs;
  }

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // After the current synchronous work, so items added together (one publish) share a batch.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    let first = true;
    while (this.queue.length > 0) {
      if (!first && this.lingerMs > 0 && this.queue.length < this.maxBatch) {
        await new Promise((resolve) => setTimeout(resolve, this.lingerMs));
      }
      first = false;
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.flush(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error);
        else for (const entry of batch) await this.flush([entry.item]).then(entry.resolve, entry.reject);
      }
    }
    this.draining = false;
  }
}
