import { Command } from '@nestjs/cqrs';
import { Actor } from '../../common/auth/auth-user';

/** DELETE /products/:id: the product stops being sold; orders keep their snapshot of it. */
export class DeactivateProductCommand extends Command<void> {
  constructor(
    readonly productId: string,
    readonly ifMatch: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
