import type { AuthUser } from '../../common/auth/auth-user';
import type { CreateOrderDto } from '../dto/create-order.dto';

export class CreateOrderCommand {
  constructor(
    readonly user: AuthUser,
    readonly body: CreateOrderDto,
    /** The `Idempotency-Key` header, if any. */
    readonly idempotencyKey?: string,
  ) {}
}

/** What the controller sends back: the created order, or a replay of the first answer to this key. */
export interface CreateOrderResult {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  replayed: boolean;
}
