import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresVerifiedEmail } from '../common/auth/requires-verified-email.decorator';
import { IDEMPOTENCY_KEY_HEADER } from '../common/http/idempotency-key';
import { etagOf } from '../common/http/if-match';
import type { CreatedOrder } from './commands/create-order.command';
import type { AuthUser } from '../common/auth/auth-user';
import { CustomerOrderView, orderViewFor, OrderView } from './dto/order.view';

/**
 * What every route that places an order shares (POST /orders, reorder, an order from a template):
 * the verified-email gate with its documented 403, and the Idempotency-Key header.
 */
export const PlacesOrder = () =>
  applyDecorators(
    RequiresVerifiedEmail(),
    ApiForbiddenResponse({
      description: 'With REQUIRE_VERIFIED_EMAIL=true: a customer whose email address is not verified yet.',
    }),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
  );

/**
 * The 201 of a placed order: `Location`, `ETag` and, for a retried Idempotency-Key,
 * `Idempotent-Replayed`; the body is the order as its reader may see it.
 */
export function placedOrderResponse(
  res: Response,
  reader: Pick<AuthUser, 'role'>,
  { order, replayed }: CreatedOrder,
): OrderView | CustomerOrderView {
  res.setHeader('Location', `/api/v1/orders/${order.id}`);
  res.setHeader('ETag', etagOf(order.version));
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
  return orderViewFor(reader, order);
}
