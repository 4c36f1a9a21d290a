import { Query } from '@nestjs/cqrs';
import { CategoryView } from '../dto/category.dto';

export class GetCategoryQuery extends Query<CategoryView> {
  constructor(readonly categoryId: string) {
    super();
  }
}
