import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Actor } from '../common/auth/auth-user';

/**
 * The audit trail of an order, projected from its events (one row per event, keyed by event id so
 * re-delivery is harmless). No foreign key: the trail outlives a deleted order.
 */
@Entity('order_history')
export class OrderHistoryEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  eventId: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @Column({ type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus: string | null;

  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  actor: Actor;

  @Column({ type: 'timestamptz' })
  at: Date;
}
