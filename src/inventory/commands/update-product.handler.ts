import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor } from '../../common/auth/auth-user';
import { NotFoundError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { PG_UNIQUE_VIOLATION, pgErrorOf } from '../../database/pg-error';
import { EventOutbox } from '../../events/outbox.service';
import { DuplicateSkuError } from '../domain/inventory.errors';
import { diffFields } from '../domain/product-changes';
import { ProductView, UpdateProductDto } from '../dto/product.dto';
import { toProductView } from '../dto/views';
import { Product } from '../entities/product.entity';
import { assertCategoryExists } from './category-lock';
import { UpdateProductCommand } from './update-product.command';

type OutboxEvent = Awaited<ReturnType<EventOutbox['append']>>;

@CommandHandler(UpdateProductCommand)
export class UpdateProductHandler implements ICommandHandler<UpdateProductCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ productId, patch, ifMatch, actor }: UpdateProductCommand): Promise<ProductView> {
    const { product, events } = await this.dataSource.transaction((manager) => updateProduct(manager, this.outbox, productId, patch, ifMatch, actor));
    this.outbox.publish(events);
    return toProductView(product);
  }
}

/**
 * Applies a catalogue patch under a row lock: checks `If-Match`, writes only the fields that change,
 * bumps the version and appends `product.updated` with the changes. A patch that changes nothing
 * writes nothing. Never touches `stock`. Shared with the deactivation command.
 */
export async function updateProduct(
  manager: EntityManager,
  outbox: EventOutbox,
  productId: string,
  patch: UpdateProductDto,
  ifMatch: string | undefined,
  actor: Actor,
): Promise<{ product: Product; events: OutboxEvent[] }> {
  const current = await manager.findOne(Product, { where: { id: productId }, lock: { mode: 'pessimistic_write' } });
  if (!current) throw new NotFoundError('product');
  assertIfMatch(ifMatch, current.version);

  const changes = diffFields(current, patch);
  if (Object.keys(changes).length === 0) return { product: current, events: [] };
  if (changes.categoryId && patch.categoryId) await assertCategoryExists(manager, patch.categoryId);

  const values = Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.to])) as Partial<Product>;
  try {
    await manager.update(Product, { id: productId }, { ...values, version: current.version + 1 } as QueryDeepPartialEntity<Product>);
  } catch (error) {
    const { code, constraint } = pgErrorOf(error);
    if (code === PG_UNIQUE_VIOLATION && constraint === 'UQ_products_sku' && patch.sku) throw new DuplicateSkuError(patch.sku);
    throw error;
  }
  const product = await manager.findOneByOrFail(Product, { id: productId });
  const event = await outbox.append(manager, {
    type: 'product.updated',
    aggregateType: 'product',
    aggregateId: product.id,
    actor,
    payload: { changes, version: product.version },
  });
  return { product, events: [event] };
}
