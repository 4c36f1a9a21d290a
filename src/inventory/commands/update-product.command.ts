import { Command } from '@nestjs/cqrs';
import { Actor } from '../../common/auth/auth-user';
import { ProductView, UpdateProductDto } from '../dto/product.dto';

export class UpdateProductCommand extends Command<ProductView> {
  constructor(
    readonly productId: string,
    readonly patch: UpdateProductDto,
    readonly ifMatch: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
