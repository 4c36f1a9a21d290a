import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppCacheModule } from './cache/app-cache.module';
import { AuthModule } from './auth/auth.module';
import { ProblemDetailsFilter } from './common/http/problem-details.filter';
import { LoggingModule } from './common/logging.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { InventoryModule } from './inventory/inventory.module';
import { MailModule } from './mail/mail.module';
import { HistoryModule } from './history/history.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsModule } from './payments/payments.module';
import { PaymentMethodsModule } from './payment-methods/payment-methods.module';
import { OrderTemplatesModule } from './order-templates/order-templates.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RedisModule } from './redis/redis.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    CqrsModule.forRoot(),
    DatabaseModule,
    RedisModule,
    AppCacheModule,
    MetricsModule,
    HealthModule,
    EventsModule,
    MailModule,
    AuthModule,
    InventoryModule,
    HistoryModule,
    OrdersModule,
    PaymentsModule,
    PaymentMethodsModule,
    OrderTemplatesModule,
    WebhooksModule,
    NotificationsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}
