import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '../auth/auth.module';
import { CustomerNotifier } from './customer-notifier';
import { LowStockAlerter } from './low-stock-alerter';

/**
 * Mail about what happened, from the events: customers about their orders (NOTIFY_CUSTOMERS) and
 * staff about low stock (ALERT_EMAILS). Sending is the mail module's (queue, retries, templates).
 */
@Module({
  imports: [CqrsModule, AuthModule],
  providers: [CustomerNotifier, LowStockAlerter],
})
export class NotificationsModule {}
