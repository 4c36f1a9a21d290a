import { Command } from '@nestjs/cqrs';
import { Actor } from '../../common/auth/auth-user';
import { CreateProductDto, ProductView } from '../dto/product.dto';

export class CreateProductCommand extends Command<ProductView> {
  constructor(
    readonly input: CreateProductDto,
    readonly actor: Actor,
  ) {
    super();
  }
}
