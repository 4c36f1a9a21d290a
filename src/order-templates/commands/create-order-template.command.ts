import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { CreateOrderTemplateDto, OrderTemplateView } from '../dto/order-template.dto';

/** Saves an order template for the caller (POST /order-templates). */
export class CreateOrderTemplateCommand extends Command<OrderTemplateView> {
  constructor(
    readonly user: AuthUser,
    readonly body: CreateOrderTemplateDto,
  ) {
    super();
  }
}
