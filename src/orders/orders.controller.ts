import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Roles } from '../common/auth/roles.decorator';
import { toCsv } from '../common/csv';
import { ValidationError } from '../common/errors/domain-error';
import { EmptyBodyDto } from '../common/http/empty-body.dto';
import { idempotencyKeyOf } from '../common/http/idempotency-key';
import { etagOf } from '../common/http/if-match';
import { ProblemDetailsFilter } from '../common/http/problem-details.filter';
import type { Page } from '../common/pagination';
import { historyViewFor, HistoryView } from '../history/history-entry.view';
import { CancelOrderCommand } from './commands/cancel-order.command';
import { ChangeOrderStatusCommand } from './commands/change-order-status.command';
import { ChangeOrderStatusesCommand } from './commands/change-order-statuses.command';
import { CreateOrderCommand } from './commands/create-order.command';
import { DeleteOrderCommand } from './commands/delete-order.command';
import { EditOrderCommand } from './commands/edit-order.command';
import { ReorderCommand } from './commands/reorder.command';
import { UpdatePaymentStatusCommand } from './commands/update-payment-status.command';
import { PlacesOrder, placedOrderResponse } from './order-placement.http';
import { CreateOrderDto } from './dto/create-order.dto';
import { ChangeOrderStatusesDto, StatusChangeResultsView } from './dto/bulk-status.dto';
import { EditOrderDto } from './dto/edit-order.dto';
import { CancelOrderDto, ChangeOrderStatusDto, UpdatePaymentDto } from './dto/order-commands.dto';
import { ListOrdersQueryDto, OrderStatsQueryDto } from './dto/order-queries.dto';
import { SalesReportQueryDto, SalesReportView } from './dto/sales-report.dto';
import { CustomerOrderView, ORDER_FOR_READER, OrderPageView, orderViewFor, OrderView } from './dto/order.view';
import { GetOrderHistoryQuery } from './queries/get-order-history.query';
import { OrderStatisticsView } from './queries/get-order-statistics.handler';
import { GetOrderStatisticsQuery } from './queries/get-order-statistics.query';
import { OrderStatsView } from './queries/get-order-stats.handler';
import { GetOrderStatsQuery } from './queries/get-order-stats.query';
import { GetSalesReportQuery } from './queries/get-sales-report.query';
import { GetOrderQuery } from './queries/get-order.query';
import { StatusOptionsView } from './queries/get-status-options.handler';
import { GetStatusOptionsQuery } from './queries/get-status-options.query';
import { ListOrdersQuery } from './queries/list-orders.query';

const OrderId = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => new ValidationError([{ field: 'id', message: 'id must be a UUID' }]),
});
const IF_MATCH = { name: 'If-Match', required: false, description: 'the ETag you read; 412 if the order changed since' };

@ApiTags('orders')
@ApiExtraModels(OrderView, CustomerOrderView)
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ description: 'missing, invalid or expired token' })
@Controller('orders')
export class OrdersController {
  /** Renders a bulk change's per-order refusals exactly as the single change's responses. */
  private readonly problems = new ProblemDetailsFilter();

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @PlacesOrder()
  @ApiOperation({
    summary: 'Create an order (customers for themselves; admins may pass customerId)',
    description:
      "Prices come from the catalogue, never from the client. Stock for every line is reserved in the order's transaction: 409 with `stockIssues` for every short line, 422 for unknown or inactive products. Answers 201 with the order, `Location` and `ETag`. With `Idempotency-Key`, a retry with the same body gets the first response again (`Idempotent-Replayed: true`), another body 422, and a retry while the first is still running 409 with `Retry-After`.",
  })
  @ApiCreatedResponse({
    schema: ORDER_FOR_READER,
    description: 'created (a customer gets `CustomerOrderView`); `Location` and `ETag` headers',
  })
  @ApiBadRequestResponse({ description: 'invalid body (unknown fields, duplicate products, customerId from a customer, …)' })
  @ApiConflictResponse({
    description: 'insufficient stock (`stockIssues` lists every short line), or the Idempotency-Key is in flight',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'unknown or inactive products, unknown customer, a `paymentMethodId` that is not a live method of the customer, or an Idempotency-Key reused with another body',
  })
  async createOrder(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    return placedOrderResponse(
      res,
      user,
      await this.commands.execute(new CreateOrderCommand(user, body, idempotencyKeyOf(idempotencyKey))),
    );
  }

  @Get()
  @ApiOperation({
    summary: 'List orders, newest first (customers: their own; admins: all, with filters)',
    description:
      'Keyset-paged. Filters: `status` (repeatable), `from`/`to` and `minTotalCents`/`maxTotalCents` (inclusive). `customerId` is an admin filter and is ignored for customers, who always see their own orders.',
  })
  @ApiOkResponse({ type: OrderPageView })
  async listOrders(
    @CurrentUser() user: AuthUser,
    @Query() query: ListOrdersQueryDto,
  ): Promise<Page<OrderView | CustomerOrderView>> {
    const page = await this.queries.execute(new ListOrdersQuery(user, query));
    return { ...page, items: page.items.map((order) => orderViewFor(user, order)) };
  }

  @Get('stats')
  @Roles('admin')
  @ApiOperation({
    summary: 'Order figures: counts by status, revenue, average order value, orders per day (admin)',
    description: 'Admin only. Money in integer minor units.',
  })
  @ApiOkResponse({ type: OrderStatsView })
  @ApiForbiddenResponse({ description: 'not an admin' })
  getOrderStats(@Query() query: OrderStatsQueryDto): Promise<OrderStatsView> {
    return this.queries.execute(new GetOrderStatsQuery(query.from, query.to));
  }

  @Get('reports/sales')
  @Roles('admin')
  @ApiExtraModels(SalesReportView)
  @ApiOperation({
    summary: 'Sales report: orders, revenue, average order value and items sold per day, week or month; top products (admin)',
    description:
      'Admin only. Orders created between `from` and `to` (inclusive; a date alone for `to` is the whole day), cancelled ones excluded, in UTC periods (`groupBy`: day, week from Monday, month), every period listed, empty ones as zeros; and the `top` products by units sold in the range. Computed by one SQL aggregation. With `Accept: text/csv` the periods come as RFC 4180 CSV (header row `period,orders,revenueCents,averageOrderCents,itemsSold`, CRLF) as an attachment. More than 1000 periods, or `to` before `from`, is a 400.',
  })
  @ApiOkResponse({
    description: 'the report (JSON), or its periods as CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(SalesReportView) } },
      'text/csv': {
        schema: { type: 'string' },
        example: 'period,orders,revenueCents,averageOrderCents,itemsSold\r\n2026-11-23,12,154300,12858,31\r\n',
      },
    },
  })
  @ApiBadRequestResponse({ description: 'missing or invalid from/to, to before from, unknown groupBy, or too many periods' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  async getSalesReport(
    @Query() query: SalesReportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SalesReportView | string> {
    const report = await this.queries.execute(new GetSalesReportQuery(query.from, query.to, query.groupBy, query.top));
    if (req.accepts(['application/json', 'text/csv']) !== 'text/csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="sales-${report.groupBy}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`,
    );
    return toCsv(
      ['period', 'orders', 'revenueCents', 'averageOrderCents', 'itemsSold'],
      report.items.map((p) => [p.period, p.orders, p.revenueCents, p.averageOrderCents, p.itemsSold]),
    );
  }

  @Get('status-options')
  @ApiOperation({
    summary: 'Statuses, payment statuses and the allowed transitions',
    description:
      'The order status machine and the payment status machine as tables: each status with the statuses it may move to.',
  })
  @ApiOkResponse({ type: StatusOptionsView })
  getOrderStatusOptions(): Promise<StatusOptionsView> {
    return this.queries.execute(new GetStatusOptionsQuery());
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One order with its lines (owner or admin); `ETag` is its version',
    description:
      "Someone else's order answers 404, never 403. Served from the cache when it is current: a read after a write always sees the write. Staff get `OrderView`; a customer gets `CustomerOrderView` (no `paymentReference`, and `cancelReason` only when they cancelled).",
  })
  @ApiOkResponse({ schema: ORDER_FOR_READER, description: 'the order (a customer gets `CustomerOrderView`)' })
  @ApiNotFoundResponse({ description: 'no such order, or not yours' })
  async getOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', OrderId) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    return this.respond(res, user, await this.queries.execute(new GetOrderQuery(user, id)));
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'Audit trail, oldest first (owner or admin; admin also after deletion)',
    description:
      'Every status and payment change with who made it; customers see staff as `{role: "admin"}` without staff-only fields. Projected from the event stream within a second of each change.',
  })
  @ApiOkResponse({ type: HistoryView })
  @ApiNotFoundResponse({ description: 'no such order, or not yours' })
  async getOrderHistory(@CurrentUser() user: AuthUser, @Param('id', OrderId) id: string): Promise<HistoryView> {
    return historyViewFor(user, (await this.queries.execute(new GetOrderHistoryQuery(user, id))).items);
  }

  @Get(':id/statistics')
  @ApiOperation({
    summary: 'Line count, total quantity, distinct products, average unit price, age',
    description: "Figures of one order (owner or admin); someone else's order answers 404.",
  })
  @ApiOkResponse({ type: OrderStatisticsView })
  @ApiNotFoundResponse({ description: 'no such order, or not yours' })
  getOrderStatistics(@CurrentUser() user: AuthUser, @Param('id', OrderId) id: string): Promise<OrderStatisticsView> {
    return this.queries.execute(new GetOrderStatisticsQuery(user, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit a pending order: lines, shipping address and method, notes (owner or admin)',
    description:
      "Only while `pending` (409 after). `items` is the complete new list of lines: stock moves by the difference only (more of a product takes the extra units, a removed line returns its units, all ledgered), in one transaction that locks the products in id order; a short line answers 409 with `stockIssues` for every short line (`requested` = the extra units needed) and changes nothing. Lines the order already has keep their price; new lines take today's price. Totals are recomputed with the same rules as creation. A paid order cannot change its lines or shipping method (409). Writes `order.updated` with what changed (also in the history). `If-Match` guards against lost updates (412). A body that changes nothing answers 200 with the order as it is.",
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ schema: ORDER_FOR_READER, description: 'the order (a customer gets `CustomerOrderView`)' })
  @ApiBadRequestResponse({ description: 'invalid body (unknown fields, duplicate products, nothing to change, …)' })
  @ApiNotFoundResponse({ description: 'no such order, or not yours' })
  @ApiConflictResponse({ description: "not pending, insufficient stock (`stockIssues`), or a paid order's total would change" })
  @ApiPreconditionFailedResponse({ description: 'If-Match is stale' })
  @ApiUnprocessableEntityResponse({ description: 'an added product is unknown or inactive' })
  async editOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', OrderId) id: string,
    @Body() body: EditOrderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    return this.respond(res, user, await this.commands.execute(new EditOrderCommand(user, id, body, ifMatch)));
  }

  @Patch(':id/status')
  @Roles('admin')
  @ApiOperation({
    summary: 'Move the order along the status machine (admin)',
    description:
      'Admin only. Transitions follow `GET /orders/status-options`; an illegal one answers 409. `shipped` needs a `trackingNumber` (400 without; a `trackingNumber` with any other status is a 400, so later transitions keep it); `refunded` needs the payment paid (it becomes refunded too, with both events) or already refunded, else 409. `If-Match` guards against lost updates (412).',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: 'the transition is not allowed from the current status' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is stale' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  async changeOrderStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', OrderId) id: string,
    @Body() body: ChangeOrderStatusDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    const view = await this.commands.execute(
      new ChangeOrderStatusCommand(user, id, body.status, { trackingNumber: body.trackingNumber, reason: body.reason, ifMatch }),
    );
    return this.respond(res, user, view);
  }

  @Post('bulk/status')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Move up to 100 orders to one status (admin)',
    description:
      'Admin only. Each order goes through the same change as `PATCH /orders/{id}/status` (same rules, stock release on cancellation, events, history, cache), in its own transaction, one after the other: one refusal does not stop the others. Answers 200 with one result per distinct id, in the order given: `status` 200 with the `order`, or 404 / 409 with the `problem` the single change would have answered. A duplicate id counts once. More than 100 ids, an invalid one, or `shipped` without a `trackingNumber` is a 400 for the whole call.',
  })
  @ApiOkResponse({ type: StatusChangeResultsView })
  @ApiBadRequestResponse({ description: 'invalid body (no ids, more than 100, an id that is not a UUID, an unknown status, …)' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  async changeOrderStatuses(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangeOrderStatusesDto,
  ): Promise<StatusChangeResultsView> {
    const outcomes = await this.commands.execute(
      new ChangeOrderStatusesCommand(user, body.orderIds, body.status, {
        trackingNumber: body.trackingNumber,
        reason: body.reason,
      }),
    );
    return {
      results: outcomes.map((outcome) => {
        if ('order' in outcome) return { orderId: outcome.orderId, status: 200, order: outcome.order };
        const { problem } = this.problems.toProblem(outcome.error);
        problem.instance = `/api/v1/orders/${outcome.orderId}`;
        return { orderId: outcome.orderId, status: problem.status, problem };
      }),
    };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel and return the stock (owner while pending/confirmed; admin before shipping)',
    description:
      "Returns every line's stock exactly once, even under concurrent cancels. A customer cannot cancel a paid order, nor one in a state only staff may cancel from (409 with the reason). `If-Match` guards against lost updates (412).",
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ schema: ORDER_FOR_READER, description: 'the order (a customer gets `CustomerOrderView`)' })
  @ApiConflictResponse({ description: 'cannot be cancelled in its status (the detail says why)' })
  @ApiNotFoundResponse({ description: 'no such order, or not yours' })
  async cancelOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', OrderId) id: string,
    @Body() body: CancelOrderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    return this.respond(res, user, await this.commands.execute(new CancelOrderCommand(user, id, body.reason, ifMatch)));
  }

  @Post(':id/reorder')
  @PlacesOrder()
  @ApiOperation({
    summary: 'Order again: a new order with the same products, quantities, address and shipping method (owner or admin)',
    description:
      "Builds a new order from a previous one (in any status) and places it exactly like `POST /orders`: today's prices, stock reserved (409 with `stockIssues` for every short line), products no longer sold 422. Notes and the payment method are not copied. Staff reorder for the order's customer. With `Idempotency-Key`, a retry of the same reorder gets the first answer again (`Idempotent-Replayed: true`); the key with another request 422, while the first still runs 409. Answers 201 with the new order, `Location` and `ETag`.",
  })
  @ApiCreatedResponse({
    schema: ORDER_FOR_READER,
    description: 'the new order (a customer gets `CustomerOrderView`); `Location` and `ETag` headers',
  })
  @ApiBadRequestResponse({ description: 'the id is not a UUID, the body has a field, or the Idempotency-Key is too long' })
  @ApiNotFoundResponse({ description: 'no such order, or not yours' })
  @ApiConflictResponse({
    description: 'insufficient stock (`stockIssues` lists every short line), or the Idempotency-Key is in flight',
  })
  @ApiUnprocessableEntityResponse({ description: 'products no longer sold, or an Idempotency-Key reused with another request' })
  async reorderOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', OrderId) id: string,
    @Body() _body: EmptyBodyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    return placedOrderResponse(
      res,
      user,
      await this.commands.execute(new ReorderCommand(user, id, idempotencyKeyOf(idempotencyKey))),
    );
  }

  @Patch(':id/payment')
  @Roles('admin')
  @ApiOperation({
    summary: 'Record a payment outcome: pending → paid | failed, failed → paid, paid → refunded (admin)',
    description:
      'Admin only. An optional provider `reference` is stored (and hidden from customers). Paying a cancelled or refunded order answers 409; a refund is possible whatever the status of the order. `If-Match` guards against lost updates (412).',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: 'the payment transition is not allowed' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  async updateOrderPayment(
    @CurrentUser() user: AuthUser,
    @Param('id', OrderId) id: string,
    @Body() body: UpdatePaymentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | CustomerOrderView> {
    return this.respond(
      res,
      user,
      await this.commands.execute(new UpdatePaymentStatusCommand(user, id, body.paymentStatus, body.reference, ifMatch)),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete (owner: pending only; admin: pending or cancelled); history stays',
    description:
      'Deleting a pending order returns its stock. An order whose payment is `paid` or `refunded` cannot be deleted (409). The history stays readable for admins. Answers 204.',
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiConflictResponse({ description: 'not deletable in its status' })
  @ApiNotFoundResponse({ description: 'no such order, or not yours' })
  async deleteOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', OrderId) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteOrderCommand(user, id, ifMatch));
  }

  /**
   * An order in a response: `ETag` its version, the body as the reader may see it. Handlers, the
   * cache and the idempotency store hold the staff view; a customer's body is made from it here.
   */
  private respond(res: Response, reader: AuthUser, view: OrderView): OrderView | CustomerOrderView {
    res.setHeader('ETag', etagOf(view.version));
    return orderViewFor(reader, view);
  }
}
