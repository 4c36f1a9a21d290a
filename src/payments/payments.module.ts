import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PaymentSignatureGuard } from './payment-signature.guard';
import { PaymentWebhookController } from './payment-webhook.controller';

/** The payment provider's side: signed payment notifications (applied by the orders module's command). */
@Module({
  imports: [CqrsModule],
  controllers: [PaymentWebhookController],
  providers: [PaymentSignatureGuard],
})
export class PaymentsModule {}
