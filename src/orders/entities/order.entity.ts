import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Actor } from '../../common/auth/auth-user';
import type { PaymentMethodSnapshot } from '../../payment-methods/domain/payment-method-details';
import { OrderStatus, PaymentStatus } from '../domain/order-status';
import type { ShippingMethod } from '../domain/pricing';
import { bigintToNumber } from './bigint.transformer';
import { OrderItem } from './order-item.entity';

export interface ShippingAddress {
  fullName: string;
  line1: string;
  line2?: string;
  city: string;
  state?: string;
  postalCode: string;
  country: string;
  phone?: string;
}

@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human order number: unique and increasing (a sequence). */
  @Column({ type: 'bigint', transformer: bigintToNumber, update: false })
  number: number;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'varchar', length: 16 })
  status: OrderStatus;

  @Column({ type: 'varchar', length: 16 })
  paymentStatus: PaymentStatus;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  subtotalCents: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  taxCents: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  shippingCents: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  discountCents: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  totalCents: number;

  @Column({ type: 'jsonb' })
  shippingAddress: ShippingAddress;

  @Column({ type: 'varchar', length: 16 })
  shippingMethod: ShippingMethod;

  @Column({ type: 'varchar', length: 64, nullable: true })
  paymentMethod: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  paymentReference: string | null;

  /** The saved payment method the order was placed with, and what the order keeps of it (a snapshot). */
  @Column({ type: 'uuid', nullable: true })
  paymentMethodId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  paymentMethodDetails: PaymentMethodSnapshot | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  trackingNumber: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  /** The role of whoever cancelled: the `cancelReason` is the customer's to see only when they wrote it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  cancelledBy: Actor['role'] | null;

  @Column({ type: 'timestamptz', nullable: true }) confirmedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) processingAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) shippedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) refundedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) paidAt: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @OneToMany(() => OrderItem, (item) => item.order, { cascade: ['insert'] })
  items: OrderItem[];
}
