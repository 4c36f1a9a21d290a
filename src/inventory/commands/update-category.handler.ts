import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { PG_UNIQUE_VIOLATION, pgErrorOf } from '../../database/pg-error';
import { wouldCreateCycle } from '../domain/category-tree';
import { CategoryCycleError, DuplicateCategoryNameError } from '../domain/inventory.errors';
import { CategoryView } from '../dto/category.dto';
import { toCategoryView } from '../dto/views';
import { Category } from '../entities/category.entity';
import { assertCategoryExists, lockCategoryTree } from './category-lock';
import { UpdateCategoryCommand } from './update-category.command';

@CommandHandler(UpdateCategoryCommand)
export class UpdateCategoryHandler implements ICommandHandler<UpdateCategoryCommand> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ categoryId, patch, ifMatch }: UpdateCategoryCommand): Promise<CategoryView> {
    const category = await this.dataSource.transaction(async (manager) => {
      // Under the tree lock no other move runs, so the cycle check sees the tree as it will be written.
      await lockCategoryTree(manager);
      const current = await manager.findOne(Category, { where: { id: categoryId }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundError('category');
      assertIfMatch(ifMatch, current.version);

      const name = patch.name ?? current.name;
      const parentId = patch.parentId === undefined ? current.parentId : patch.parentId;
      if (name === current.name && parentId === current.parentId) return current;

      if (parentId !== current.parentId && parentId !== null) {
        await assertCategoryExists(manager, parentId);
        const all = await manager.find(Category, { select: { id: true, parentId: true } });
        if (wouldCreateCycle(categoryId, parentId, new Map(all.map((c) => [c.id, c.parentId])))) throw new CategoryCycleError();
      }
      try {
        await manager.update(Category, { id: categoryId }, { name, parentId, version: current.version + 1 });
      } catch (error) {
        const { code, constraint } = pgErrorOf(error);
        if (code === PG_UNIQUE_VIOLATION && constraint === 'UQ_categories_sibling_name') throw new DuplicateCategoryNameError(name);
        throw error;
      }
      return manager.findOneByOrFail(Category, { id: categoryId });
    });
    return toCategoryView(category);
  }
}
