import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PaymentMethodDetails, PaymentMethodType } from '../domain/payment-method-details';

/**
 * A customer's saved payment method: a tokenised reference to the payment provider, never card
 * data. Deleting one is soft (`deletedAt`): orders keep their own snapshot of it, and the provider
 * token is cleared at once, since a deleted method must never be charged.
 */
@Entity('payment_methods')
export class PaymentMethod {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'varchar', length: 16 })
  type: PaymentMethodType;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Column({ type: 'jsonb' })
  details: PaymentMethodDetails;

  /** The provider's token; never selected unless asked for, never in a response or a log line. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  providerToken: string | null;

  /** SHA-256 of type + token: what makes "the same method twice" a 409 (unique among the customer's live methods). */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;
}
