import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { EditOrderDto } from '../dto/edit-order.dto';
import type { OrderView } from '../dto/order.view';

/** Edit a pending order (owner or admin): lines, shipping address and method, notes. */
export class EditOrderCommand extends Command<OrderView> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly body: EditOrderDto,
    readonly ifMatch?: string,
  ) {
    super();
  }
}
