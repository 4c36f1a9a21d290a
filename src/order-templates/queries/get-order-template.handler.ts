import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { OrderTemplateView, toOrderTemplateView } from '../dto/order-template.dto';
import { OrderTemplate } from '../entities/order-template.entity';
import { OrderTemplateNotFoundError } from '../order-template.errors';
import { GetOrderTemplateQuery } from './get-order-template.query';

/** Templates are their owner's alone (staff included): anyone else's answers 404. */
@QueryHandler(GetOrderTemplateQuery)
export class GetOrderTemplateHandler implements IQueryHandler<GetOrderTemplateQuery, OrderTemplateView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, templateId }: GetOrderTemplateQuery): Promise<OrderTemplateView> {
    const template = await this.dataSource.getRepository(OrderTemplate).findOneBy({ id: templateId, customerId: user.id });
    if (!template) throw new OrderTemplateNotFoundError();
    return toOrderTemplateView(template);
  }
}
