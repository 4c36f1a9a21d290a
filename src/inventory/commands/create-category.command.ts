import { Command } from '@nestjs/cqrs';
import { CategoryView, CreateCategoryDto } from '../dto/category.dto';

export class CreateCategoryCommand extends Command<CategoryView> {
  constructor(readonly input: CreateCategoryDto) {
    super();
  }
}
