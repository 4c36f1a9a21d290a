import { Command } from '@nestjs/cqrs';
import { Actor } from '../../common/auth/auth-user';
import { StockMovementView } from '../dto/product.dto';

export class AdjustStockCommand extends Command<StockMovementView> {
  constructor(
    readonly productId: string,
    readonly delta: number,
    readonly reason: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
