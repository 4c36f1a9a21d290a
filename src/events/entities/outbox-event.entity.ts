import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Actor } from '../../common/auth/auth-user';
import type { AggregateType, EventType } from '../event-types';

/**
 * One row per state change, written in the change's own transaction (the outbox). `seq` is given
 * after commit by the relay, under a lock, so the feed's order never skips a late committer.
 */
@Entity('events')
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Global, gap-free order of the feed; null until the relay sequences the committed row. */
  @Column({
    type: 'bigint',
    nullable: true,
    transformer: { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  seq: number | null;

  @Column({ type: 'varchar', length: 64 })
  type: EventType;

  @Column({ type: 'varchar', length: 32 })
  aggregateType: AggregateType;

  @Column({ type: 'uuid' })
  aggregateId: string;

  @Column({ type: 'jsonb' })
  actor: Actor;

  @Column({ type: 'jsonb' })
  /** Typed per event type by the event classes (see event-catalogue.ts). */
  payload: object;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  /** Set once every in-process handler has recorded the event (see EventDeliveries). */
  @Column({ type: 'timestamptz', nullable: true })
  handledAt: Date | null;

  /**
   * Not a column: the aggregate as the command that wrote the event left it (a new order's view),
   * handed to in-process handlers with the event so they need not read it back. Absent when the
   * relay re-delivers from the table; handlers then read it themselves.
   */
  aggregate?: unknown;
}
