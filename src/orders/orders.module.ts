import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { HistoryModule } from '../history/history.module';
import { InventoryModule } from '../inventory/inventory.module';
import { PaymentMethodsModule } from '../payment-methods/payment-methods.module';
import { ApplyPaymentNotificationHandler } from './commands/apply-payment-notification.handler';
import { CancelOrderHandler } from './commands/cancel-order.handler';
import { ChangeOrderStatusHandler } from './commands/change-order-status.handler';
import { ChangeOrderStatusesHandler } from './commands/change-order-statuses.handler';
import { CreateOrderHandler } from './commands/create-order.handler';
import { DeleteOrderHandler } from './commands/delete-order.handler';
import { EditOrderHandler } from './commands/edit-order.handler';
import { ReorderHandler } from './commands/reorder.handler';
import { UpdatePaymentStatusHandler } from './commands/update-payment-status.handler';
import { IdempotencyKey } from './entities/idempotency-key.entity';
import { OrderItem } from './entities/order-item.entity';
import { Order } from './entities/order.entity';
import { OrderCacheInvalidator } from './events/order-cache.invalidator';
import { IdempotencyStore } from './idempotency.store';
import { OrderCache } from './order-cache';
import { OrderChanges } from './order-change';
import { OrdersController } from './orders.controller';
import { GetOrderHistoryHandler } from './queries/get-order-history.handler';
import { GetOrderStatisticsHandler } from './queries/get-order-statistics.handler';
import { GetOrderStatsHandler } from './queries/get-order-stats.handler';
import { GetSalesReportHandler } from './queries/get-sales-report.handler';
import { GetOrderHandler } from './queries/get-order.handler';
import { GetStatusOptionsHandler } from './queries/get-status-options.handler';
import { ListOrdersHandler } from './queries/list-orders.handler';

@Module({
  imports: [
    CqrsModule,
    TypeOrmModule.forFeature([Order, OrderItem, IdempotencyKey]),
    InventoryModule,
    HistoryModule,
    AuthModule,
    PaymentMethodsModule,
  ],
  controllers: [OrdersController],
  providers: [
    OrderCache,
    OrderChanges,
    IdempotencyStore,
    CreateOrderHandler,
    ChangeOrderStatusHandler,
    ChangeOrderStatusesHandler,
    CancelOrderHandler,
    DeleteOrderHandler,
    EditOrderHandler,
    ReorderHandler,
    UpdatePaymentStatusHandler,
    ApplyPaymentNotificationHandler,
    GetOrderHandler,
    ListOrdersHandler,
    GetOrderHistoryHandler,
    GetOrderStatisticsHandler,
    GetOrderStatsHandler,
    GetSalesReportHandler,
    GetStatusOptionsHandler,
    OrderCacheInvalidator,
  ],
})
export class OrdersModule {}
