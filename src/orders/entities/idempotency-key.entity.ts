import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A POST /orders retried with the same key and body replays its `outcome` instead of acting again. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  /** The caller (keys are scoped to the user who sent them). */
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of the canonical request body. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 16 })
  state: 'running' | 'completed';

  /** The first outcome (`IdempotentOutcome`): the created order's view, or the refusal; null while running. */
  @Column({ type: 'jsonb', nullable: true })
  outcome: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
