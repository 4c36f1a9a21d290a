import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { EmptyBodyDto } from '../common/http/empty-body.dto';
import { idempotencyKeyOf } from '../common/http/idempotency-key';
import { parseUuid } from '../common/http/validation';
import type { Page } from '../common/pagination';
import { CustomerOrderView, ORDER_FOR_READER, OrderView } from '../orders/dto/order.view';
import { PlacesOrder, placedOrderResponse } from '../orders/order-placement.http';
import { CreateOrderTemplateCommand } from './commands/create-order-template.command';
import { DeleteOrderTemplateCommand } from './commands/delete-order-template.command';
import { PlaceTemplateOrderCommand } from './commands/place-template-order.command';
import {
  CreateOrderTemplateDto,
  ListOrderTemplatesQueryDto,
  OrderTemplatePageView,
  OrderTemplateView,
} from './dto/order-template.dto';
import { GetOrderTemplateQuery } from './queries/get-order-template.query';
import { ListOrderTemplatesQuery } from './queries/list-order-templates.query';

const TemplateId = parseUuid('id');

@ApiTags('order-templates')
@ApiExtraModels(OrderView, CustomerOrderView)
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ description: 'missing, invalid or expired token' })
@Controller('order-templates')
export class OrderTemplatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Save an order template: items, shipping address and method, and a name',
    description:
      "Items are validated as an order's (1–50, each product once, quantity 1–1000) and every product must exist and be sold (422 with `unavailableProductIds` otherwise). No price and no stock is kept: an order placed from the template takes today's prices and checks stock then. Templates are their owner's alone. Answers 201 with the template and `Location`.",
  })
  @ApiCreatedResponse({ type: OrderTemplateView, description: 'saved; `Location` header' })
  @ApiBadRequestResponse({ description: 'invalid body (unknown fields, duplicate products, bad address, …)' })
  @ApiUnprocessableEntityResponse({ description: 'unknown or inactive products' })
  async createOrderTemplate(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateOrderTemplateDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderTemplateView> {
    const template = await this.commands.execute(new CreateOrderTemplateCommand(user, body));
    res.setHeader('Location', `/api/v1/order-templates/${template.id}`);
    return template;
  }

  @Get()
  @ApiOperation({
    summary: "List the caller's order templates, newest first",
    description: "Keyset-paged (`limit`, `cursor`); only the caller's own templates, for staff too.",
  })
  @ApiOkResponse({ type: OrderTemplatePageView })
  listOrderTemplates(
    @CurrentUser() user: AuthUser,
    @Query() query: ListOrderTemplatesQueryDto,
  ): Promise<Page<OrderTemplateView>> {
    return this.queries.execute(new ListOrderTemplatesQuery(user, query));
  }

  @Get(':id')
  @ApiOperation({
    summary: "One of the caller's order templates",
    description: "Someone else's template answers 404, exactly like a missing one.",
  })
  @ApiOkResponse({ type: OrderTemplateView })
  @ApiNotFoundResponse({ description: 'no such template, or not yours' })
  getOrderTemplate(@CurrentUser() user: AuthUser, @Param('id', TemplateId) id: string): Promise<OrderTemplateView> {
    return this.queries.execute(new GetOrderTemplateQuery(user, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: "Delete one of the caller's order templates",
    description: "Orders placed from the template are not touched. Answers 204; someone else's template 404.",
  })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFoundResponse({ description: 'no such template, or not yours' })
  async deleteOrderTemplate(@CurrentUser() user: AuthUser, @Param('id', TemplateId) id: string): Promise<void> {
    await this.commands.execute(new DeleteOrderTemplateCommand(user, id));
  }

  @Post(':id/orders')
  @PlacesOrder()
  @ApiOperation({
    summary: "Place an order from one of the caller's templates",
    description:
      "Places the template's items, address and shipping method exactly like `POST /orders`: today's prices, stock reserved (409 with `stockIssues` for every short line), products no longer sold 422. With `Idempotency-Key`, a retry of the same template's order gets the first answer again (`Idempotent-Replayed: true`); the key with another request 422, while the first still runs 409. Answers 201 with the order, `Location` (the order's address) and `ETag`.",
  })
  @ApiCreatedResponse({
    schema: ORDER_FOR_READER,
    description: 'the new order (a customer gets `CustomerOrderView`); `Location` and `ETag` headers',
  })
  @ApiBadRequestResponse({ description: 'the id is not a UUID, the body has a field, or the Idempotency-Key is too long' })
  @ApiNotFoundResponse({ description: 'no such template, or not yours' })
  @ApiConflictResponse({
    description: 'insufficient stock (`stockIssues` lists every short line), or the Idempotency-Key is in flight',
  })
  @ApiUnprocessableEntityResponse({ description: 'products no longer sold, or an Idempotency-Key reused with another request' })
  async placeTemplateOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', TemplateId) id: string,
    @Body() _body: EmptyBodyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    return placedOrderResponse(
      res,
      user,
      await this.commands.execute(new PlaceTemplateOrderCommand(user, id, idempotencyKeyOf(idempotencyKey))),
    );
  }
}
