import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('products')
export class Product {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer' })
  priceCents: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Changed only through the stock ledger (StockLedger / StockReservations), never by a PATCH. */
  @Column({ type: 'integer', default: 0 })
  stock: number;

  @Column({ type: 'integer', default: 5 })
  lowStockThreshold: number;

  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  metadata: Record<string, unknown>;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Bumped by catalogue edits (ETag / If-Match); stock movements have their own ledger and leave it alone. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
