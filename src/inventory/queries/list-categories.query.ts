import { Query } from '@nestjs/cqrs';
import { CategoryList } from '../dto/category.dto';

export class ListCategoriesQuery extends Query<CategoryList> {
  constructor(readonly view: 'tree' | 'flat') {
    super();
  }
}
