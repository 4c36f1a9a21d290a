import { Inject, Injectable, Optional } from '@nestjs/common';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { availableParallelism } from 'node:os';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PasswordWorkBusyError } from '../domain/auth.errors';

// `Algorithm` is a const enum in the package's typings; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * argon2id hashing. Verifying an unknown email still costs one verification (no timing oracle).
 *
 * Password work has a budget: at most `passwordHashConcurrency` hashes run at once, at most
 * `passwordHashQueue` wait for a slot, and beyond that the request is refused at once with 503 and
 * `Retry-After` — so a flood of logins queues a bounded amount of work ahead of a legitimate one
 * instead of an unbounded amount (and costs 19 MiB each only while running).
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly queueLimit: number;

  constructor(@Optional() @Inject(APP_CONFIG) config?: AppConfig) {
    this.concurrency = config?.passwordHashConcurrency ?? availableParallelism();
    this.queueLimit = config?.passwordHashQueue ?? 32;
  }

  hash(password: string): Promise<string> {
    return this.budgeted(() => hash(password, OPTIONS));
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.dummyHash ??= hash('not-a-real-password', OPTIONS);
      const dummy = await this.dummyHash;
      await this.budgeted(() => verify(dummy, password).catch(() => false));
      return false;
    }
    return this.budgeted(() => verify(passwordHash, password).catch(() => false));
  }

  /** Hashes running and waiting right now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private async budgeted<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new PasswordWorkBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
