import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { bigintToNumber } from './bigint.transformer';
import { Order } from './order.entity';

/** A line with the product as it was when ordered (later catalogue changes do not touch it). */
@Entity('order_items')
export class OrderItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, (order) => order.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'orderId' })
  // Relation<>: no eager reference to Order (which imports this file), so either may load first.
  order: Relation<Order>;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'uuid' })
  productId: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'integer' })
  unitPriceCents: number;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  lineTotalCents: number;
}
