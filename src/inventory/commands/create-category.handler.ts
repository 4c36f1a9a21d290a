import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { PG_UNIQUE_VIOLATION, pgErrorOf } from '../../database/pg-error';
import { DuplicateCategoryNameError } from '../domain/inventory.errors';
import { CategoryView, CreateCategoryDto } from '../dto/category.dto';
import { toCategoryView } from '../dto/views';
import { Category } from '../entities/category.entity';
import { assertCategoryExists, lockCategoryTree } from './category-lock';
import { CreateCategoryCommand } from './create-category.command';

@CommandHandler(CreateCategoryCommand)
export class CreateCategoryHandler implements ICommandHandler<CreateCategoryCommand> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ input }: CreateCategoryCommand): Promise<CategoryView> {
    const category = await this.dataSource.transaction((manager) => insertCategory(manager, input));
    return toCategoryView(category);
  }
}

/** Inserts a category under the tree lock (shared with the demo seeder). */
export async function insertCategory(manager: EntityManager, input: CreateCategoryDto): Promise<Category> {
  await lockCategoryTree(manager);
  if (input.parentId) await assertCategoryExists(manager, input.parentId);
  try {
    return await manager.save(manager.create(Category, { name: input.name, parentId: input.parentId ?? null }));
  } catch (error) {
    const { code, constraint } = pgErrorOf(error);
    if (code === PG_UNIQUE_VIOLATION && constraint === 'UQ_categories_sibling_name') throw new DuplicateCategoryNameError(input.name);
    throw error;
  }
}
