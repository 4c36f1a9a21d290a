import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { PG_FOREIGN_KEY_VIOLATION, pgErrorOf } from '../../database/pg-error';
import { CategoryNotEmptyError } from '../domain/inventory.errors';
import { Category } from '../entities/category.entity';
import { lockCategoryTree } from './category-lock';
import { DeleteCategoryCommand } from './delete-category.command';

/** Only an empty category (no subcategories, no products, active or not) can be deleted; otherwise 409. */
@CommandHandler(DeleteCategoryCommand)
export class DeleteCategoryHandler implements ICommandHandler<DeleteCategoryCommand> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ categoryId, ifMatch }: DeleteCategoryCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockCategoryTree(manager);
      const current = await manager.findOne(Category, { where: { id: categoryId }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundError('category');
      assertIfMatch(ifMatch, current.version);
      const [{ children, products }] = await manager.query<Array<{ children: number; products: number }>>(
        `SELECT (SELECT count(*)::int FROM "categories" WHERE "parentId" = $1) AS "children",
                (SELECT count(*)::int FROM "products" WHERE "categoryId" = $1) AS "products"`,
        [categoryId],
      );
      if (children > 0 || products > 0) throw new CategoryNotEmptyError(children, products);
      try {
        await manager.delete(Category, { id: categoryId });
      } catch (error) {
        // A product attached concurrently (not yet visible to the count) still stops the delete.
        if (pgErrorOf(error).code === PG_FOREIGN_KEY_VIOLATION) throw new CategoryNotEmptyError(0, 1);
        throw error;
      }
    });
  }
}
