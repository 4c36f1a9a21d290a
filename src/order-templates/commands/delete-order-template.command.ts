import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';

/** Deletes one of the caller's templates (DELETE /order-templates/:id); orders placed from it stay. */
export class DeleteOrderTemplateCommand extends Command<void> {
  constructor(
    readonly user: AuthUser,
    readonly templateId: string,
  ) {
    super();
  }
}
