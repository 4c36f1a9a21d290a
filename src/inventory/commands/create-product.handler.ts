import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/auth-user';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PG_UNIQUE_VIOLATION, pgErrorOf } from '../../database/pg-error';
import { EventOutbox } from '../../events/outbox.service';
import { DuplicateSkuError } from '../domain/inventory.errors';
import { CreateProductDto, ProductView } from '../dto/product.dto';
import { toProductView } from '../dto/views';
import { Product } from '../entities/product.entity';
import { recordStockMovements } from '../stock/stock-ledger';
import { assertCategoryExists } from './category-lock';
import { CreateProductCommand } from './create-product.command';

type OutboxEvent = Awaited<ReturnType<EventOutbox['append']>>;

@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input, actor }: CreateProductCommand): Promise<ProductView> {
    const { product, event } = await this.dataSource.transaction((manager) => insertProduct(manager, this.outbox, input, actor, this.config.currency));
    this.outbox.publish([event]);
    return toProductView(product);
  }
}

/**
 * Inserts a product, its 'initial' ledger movement (so the ledger sums to the stock from the start)
 * and its `product.created` event, in the caller's transaction. Shared with the demo seeder.
 */
export async function insertProduct(
  manager: EntityManager,
  outbox: EventOutbox,
  input: CreateProductDto,
  actor: Actor,
  currency: string,
): Promise<{ product: Product; event: OutboxEvent }> {
  if (input.categoryId) await assertCategoryExists(manager, input.categoryId);
  let product: Product;
  try {
    product = await manager.save(
        manager.create(Product, {
          sku: input.sku,
          name: input.name,
          description: input.description ?? null,
          priceCents: input.priceCents,
          currency,
          stock: input.stock,
          lowStockThreshold: input.lowStockThreshold ?? 5,
          categoryId: input.categoryId ?? null,
          metadata: input.metadata ?? {},
        }),
    );
  } catch (error) {
    const { code, constraint } = pgErrorOf(error);
    if (code === PG_UNIQUE_VIOLATION && constraint === 'UQ_products_sku') throw new DuplicateSkuError(input.sku);
    throw error;
  }
  await recordStockMovements(manager, [{ productId: product.id, delta: product.stock, reason: 'initial', stockAfter: product.stock }], actor);
  const event = await outbox.append(manager, {
    type: 'product.created',
    aggregateType: 'product',
    aggregateId: product.id,
    actor,
    payload: {
      sku: product.sku,
      name: product.name,
      priceCents: product.priceCents,
      currency: product.currency,
      stock: product.stock,
      categoryId: product.categoryId,
      active: product.active,
      version: product.version,
    },
  });
  return { product, event };
}
