import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { actorOf, AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { isAdmin } from '../common/auth/ownership';
import { Roles } from '../common/auth/roles.decorator';
import { etagOf } from '../common/http/if-match';
import { parseUuid } from '../common/http/validation';
import { PageQuery } from '../common/pagination';
import { AdjustStockCommand } from './commands/adjust-stock.command';
import { CreateProductCommand } from './commands/create-product.command';
import { DeactivateProductCommand } from './commands/deactivate-product.command';
import { UpdateProductCommand } from './commands/update-product.command';
import {
  CreateProductDto,
  ListProductsQueryDto,
  ProductPage,
  ProductView,
  StockAdjustmentDto,
  StockMovementPage,
  StockMovementView,
  UpdateProductDto,
} from './dto/product.dto';
import { GetProductQuery } from './queries/get-product.query';
import { GetStockMovementQuery } from './queries/get-stock-movement.query';
import { ListProductsQuery } from './queries/list-products.query';
import { ListStockMovementsQuery } from './queries/list-stock-movements.query';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag last read; a stale one answers 412' };

@ApiTags('inventory')
@ApiBearerAuth('bearer')
@Controller('products')
export class ProductsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search and filter the catalogue (cursor list, oldest first); customers see active products only',
    description:
      '`q` matches name or SKU case-insensitively; `categoryId`, `inStock` and (admins) `active` filter. Keyset-paged on creation time, so a listing returns each product once even while products are added. Customers get no staff-only field (`lowStockThreshold`).',
  })
  @ApiOkResponse({ type: ProductPage })
  listProducts(@Query() query: ListProductsQueryDto, @CurrentUser() user: AuthUser) {
    return this.queries.execute(new ListProductsQuery(query, !isAdmin(user)));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One product with its stock; ETag is its version',
    description:
      "Deactivated products answer 404 to customers, and customers get no staff-only field (`lowStockThreshold`). `version` counts catalogue edits, not stock movements, so an admin's `If-Match` survives orders.",
  })
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'no such product' })
  async getProduct(
    @Param('id', parseUuid('id')) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const product = await this.queries.execute(new GetProductQuery(id, !isAdmin(user)));
    res.setHeader('ETag', etagOf(product.version));
    return product;
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a product (admin); its initial stock is the first ledger movement',
    description:
      'Admin only. Answers 201 with the product, `Location` and `ETag`. The SKU is unique case-insensitively (409); prices are integer minor units of the configured currency; `metadata` is a JSON object of at most 8 KB.',
  })
  @ApiCreatedResponse({ type: ProductView, description: 'Location: /api/v1/products/{id}' })
  @ApiConflictResponse({ description: 'duplicate sku' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiUnprocessableEntityResponse({ description: 'unknown category' })
  async createProduct(@Body() body: CreateProductDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const product = await this.commands.execute(new CreateProductCommand(body, actorOf(user)));
    res.setHeader('Location', `/api/v1/products/${product.id}`);
    res.setHeader('ETag', etagOf(product.version));
    return product;
  }

  @Patch(':id')
  @Roles('admin')
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Change catalogue fields (admin); stock changes only through stock adjustments',
    description:
      'Admin only. Send `If-Match` with the ETag you read: 412 when the product changed since. `{"active": true}` reactivates a deactivated product.',
  })
  @ApiOkResponse({ type: ProductView })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the current version' })
  @ApiConflictResponse({ description: 'duplicate sku' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'no such product' })
  @ApiUnprocessableEntityResponse({ description: 'unknown category' })
  async updateProduct(
    @Param('id', parseUuid('id')) id: string,
    @Body() body: UpdateProductDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const product = await this.commands.execute(new UpdateProductCommand(id, body, ifMatch, actorOf(user)));
    res.setHeader('ETag', etagOf(product.version));
    return product;
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Deactivate a product (admin): no longer orderable; orders keep their snapshot',
    description:
      'Admin only. The product stays in the catalogue for admins and in existing orders; it can no longer be ordered and customers get 404. Answers 204.',
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'no such product' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the current version' })
  async deactivateProduct(
    @Param('id', parseUuid('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    await this.commands.execute(new DeactivateProductCommand(id, ifMatch, actorOf(user)));
  }

  @Post(':id/stock-adjustments')
  @Roles('admin')
  @ApiOperation({
    summary: 'Signed manual stock change (admin), recorded in the ledger',
    description:
      'Admin only. `delta` may be negative; a change that would take stock below 0 answers 409 with `stockIssues`, and one that would take the stock plus the units open orders hold above 2,147,483,647 answers 409 (those units come back on cancellation and must fit). Answers 201 with the ledger movement and its `Location`.',
  })
  @ApiCreatedResponse({ type: StockMovementView, description: 'The ledger movement; Location: its address' })
  @ApiConflictResponse({
    description: 'the stock would go below 0 (`stockIssues`), or above the range with the units open orders hold',
  })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'no such product' })
  async adjustStock(
    @Param('id', parseUuid('id')) id: string,
    @Body() body: StockAdjustmentDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const movement = await this.commands.execute(new AdjustStockCommand(id, body.delta, body.reason, actorOf(user)));
    res.setHeader('Location', `/api/v1/products/${id}/stock-movements/${movement.id}`);
    return movement;
  }

  @Get(':id/stock-movements')
  @Roles('admin')
  @ApiOperation({
    summary: 'The stock ledger of a product (admin), newest first',
    description:
      "Admin only. Every change of stock (initial, adjustment, order, cancellation, deletion) with the stock after it; the movements always sum to the product's stock.",
  })
  @ApiOkResponse({ type: StockMovementPage })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'no such product' })
  listStockMovements(@Param('id', parseUuid('id')) id: string, @Query() page: PageQuery) {
    return this.queries.execute(new ListStockMovementsQuery(id, page));
  }

  @Get(':id/stock-movements/:movementId')
  @Roles('admin')
  @ApiOperation({
    summary: 'One ledger movement (admin)',
    description: "Admin only. A movement of the product's stock ledger, as linked by the `Location` of a stock adjustment.",
  })
  @ApiOkResponse({ type: StockMovementView })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'no such product or movement' })
  getStockMovement(@Param('id', parseUuid('id')) id: string, @Param('movementId', parseUuid('movementId')) movementId: string) {
    return this.queries.execute(new GetStockMovementQuery(id, movementId));
  }
}
