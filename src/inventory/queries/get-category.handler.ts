import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { CategoryView } from '../dto/category.dto';
import { toCategoryView } from '../dto/views';
import { Category } from '../entities/category.entity';
import { GetCategoryQuery } from './get-category.query';

@QueryHandler(GetCategoryQuery)
export class GetCategoryHandler implements IQueryHandler<GetCategoryQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ categoryId }: GetCategoryQuery): Promise<CategoryView> {
    const category = await this.dataSource.manager.findOneBy(Category, { id: categoryId });
    if (!category) throw new NotFoundError('category');
    return toCategoryView(category);
  }
}
