import { Command } from '@nestjs/cqrs';

export class DeleteCategoryCommand extends Command<void> {
  constructor(
    readonly categoryId: string,
    readonly ifMatch: string | undefined,
  ) {
    super();
  }
}
