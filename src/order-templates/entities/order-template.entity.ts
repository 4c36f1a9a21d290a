import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ShippingMethod } from '../../orders/domain/pricing';
import type { ShippingAddress } from '../../orders/entities/order.entity';

export interface TemplateLine {
  productId: string;
  quantity: number;
}

/** A customer's saved order: what to order and where to send it, never a price (prices are today's when placed). */
@Entity('order_templates')
export class OrderTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'jsonb' })
  items: TemplateLine[];

  @Column({ type: 'jsonb' })
  shippingAddress: ShippingAddress;

  @Column({ type: 'varchar', length: 16 })
  shippingMethod: ShippingMethod;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
