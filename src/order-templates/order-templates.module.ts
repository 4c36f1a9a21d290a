import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreateOrderTemplateHandler } from './commands/create-order-template.handler';
import { DeleteOrderTemplateHandler } from './commands/delete-order-template.handler';
import { PlaceTemplateOrderHandler } from './commands/place-template-order.handler';
import { OrderTemplate } from './entities/order-template.entity';
import { OrderTemplatesController } from './order-templates.controller';
import { GetOrderTemplateHandler } from './queries/get-order-template.handler';
import { ListOrderTemplatesHandler } from './queries/list-order-templates.handler';

/**
 * A customer's saved orders. Products are checked through Inventory's query and orders are placed
 * through Orders' CreateOrderCommand (both on the buses): this module never writes another's tables.
 */
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([OrderTemplate])],
  controllers: [OrderTemplatesController],
  providers: [
    CreateOrderTemplateHandler,
    DeleteOrderTemplateHandler,
    PlaceTemplateOrderHandler,
    GetOrderTemplateHandler,
    ListOrderTemplatesHandler,
  ],
})
export class OrderTemplatesModule {}
