import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { buildCategoryTree } from '../domain/category-tree';
import { CategoryList } from '../dto/category.dto';
import { toCategoryView } from '../dto/views';
import { Category } from '../entities/category.entity';
import { ListCategoriesQuery } from './list-categories.query';

/** The whole tree in one answer (categories are a small, slowly changing set), `nextCursor` always null. */
@QueryHandler(ListCategoriesQuery)
export class ListCategoriesHandler implements IQueryHandler<ListCategoriesQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ view }: ListCategoriesQuery): Promise<CategoryList> {
    const all = (await this.dataSource.manager.find(Category, { order: { name: 'ASC', id: 'ASC' } })).map(toCategoryView);
    return { items: view === 'flat' ? all : buildCategoryTree(all), nextCursor: null };
  }
}
