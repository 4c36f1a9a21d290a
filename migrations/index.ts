import { CreateEventsOutbox1764300000000 } from './1764300000000-CreateEventsOutbox';
import { CreateUsersAndTokens1764400000000 } from './1764400000000-CreateUsersAndTokens';
import { CreateInventory1764500000000 } from './1764500000000-CreateInventory';
import { CreateOrders1764600000000 } from './1764600000000-CreateOrders';
import { IdempotencyOutcome1764700000000 } from './1764700000000-IdempotencyOutcome';
import { DropAccessTokenDenylist1764700000001 } from './1764700000001-DropAccessTokenDenylist';
import { EventSinkCursors1764710000000 } from './1764710000000-EventSinkCursors';
import { CreateWebhooks17647600000000 } from './17647600000000-CreateWebhooks';
import { CreateOrderTemplates1764750000000 } from './1764750000000-CreateOrderTemplates';
import { TimeOrderedOrderIds1764750000010 } from './1764750000010-TimeOrderedOrderIds';
import { CreateMailOutbox1764730000001 } from './1764730000001-CreateMailOutbox';
import { AccountVerificationAndTokens1764730000002 } from './1764730000002-AccountVerificationAndTokens';
import { CreatePaymentNotifications1764730000003 } from './1764730000003-CreatePaymentNotifications';
import { OrderCancelledBy1764740000010 } from './1764740000010-OrderCancelledBy';
import { EventDeliveriesWithoutForeignKey1764720000010 } from './1764720000010-EventDeliveriesWithoutForeignKey';
import { CreatePaymentMethods1764730000010 } from './1764730000010-CreatePaymentMethods';
import { OrderPaymentMethodSnapshot1764730000011 } from './1764730000011-OrderPaymentMethodSnapshot';

/**
 * Every migration, in order. TypeORM runs them at start-up and from `npm run migration:run`;
 * a new migration file is added to this list (explicit imports keep builds and tests free of globbing).
 */
export const migrations: Function[] = [
  CreateEventsOutbox1764300000000,
  CreateUsersAndTokens1764400000000,
  CreateInventory1764500000000,
  CreateOrders1764600000000,
  IdempotencyOutcome1764700000000,
  DropAccessTokenDenylist1764700000001,
  EventSinkCursors1764710000000,
  CreateWebhooks17647600000000,
  CreateMailOutbox1764730000001,
  AccountVerificationAndTokens1764730000002,
  CreatePaymentNotifications1764730000003,
  OrderCancelledBy1764740000010,
  CreatePaymentMethods1764730000010,
  OrderPaymentMethodSnapshot1764730000011,
  CreateOrderTemplates1764750000000,
  EventDeliveriesWithoutForeignKey1764720000010,
  TimeOrderedOrderIds1764750000010,
];
