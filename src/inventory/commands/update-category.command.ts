import { Command } from '@nestjs/cqrs';
import { CategoryView, UpdateCategoryDto } from '../dto/category.dto';

/** Rename and/or move a category. */
export class UpdateCategoryCommand extends Command<CategoryView> {
  constructor(
    readonly categoryId: string,
    readonly patch: UpdateCategoryDto,
    readonly ifMatch: string | undefined,
  ) {
    super();
  }
}
