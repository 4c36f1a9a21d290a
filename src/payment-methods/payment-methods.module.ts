import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CardDataGuard } from './card-data.guard';
import { AddPaymentMethodHandler } from './commands/add-payment-method.handler';
import { DeletePaymentMethodHandler } from './commands/delete-payment-method.handler';
import { MakeDefaultPaymentMethodHandler } from './commands/make-default-payment-method.handler';
import { PaymentMethod } from './entities/payment-method.entity';
import { PaymentMethodDirectory } from './payment-method-directory';
import { PaymentMethodsController } from './payment-methods.controller';
import { GetPaymentMethodHandler } from './queries/get-payment-method.handler';
import { ListPaymentMethodsHandler } from './queries/list-payment-methods.handler';

/**
 * Saved payment methods: tokenised references to the payment provider, never card data. Orders ask
 * for a method's snapshot through the exported PaymentMethodDirectory; nobody else reads the table.
 */
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([PaymentMethod])],
  controllers: [PaymentMethodsController],
  providers: [
    CardDataGuard,
    AddPaymentMethodHandler,
    DeletePaymentMethodHandler,
    MakeDefaultPaymentMethodHandler,
    GetPaymentMethodHandler,
    ListPaymentMethodsHandler,
    PaymentMethodDirectory,
  ],
  exports: [PaymentMethodDirectory],
})
export class PaymentMethodsModule {}
