import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/roles.decorator';
import { LowStockQueryDto, ProductPage, StockCheckView } from './dto/product.dto';
import { CheckStockQuery } from './queries/check-stock.query';
import { ListLowStockQuery } from './queries/list-low-stock.query';

@ApiTags('inventory')
@ApiBearerAuth('bearer')
@Roles('admin')
@ApiForbiddenResponse({ description: 'not an admin' })
@Controller('inventory')
export class InventoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('low-stock')
  @ApiOperation({ summary: 'Active products at or below their low-stock threshold (or `threshold`), emptiest first', description: 'Admin only. Uses each product\'s own threshold unless `threshold` is given.' })
  @ApiOkResponse({ type: ProductPage })
  listLowStockProducts(@Query() query: LowStockQueryDto) {
    return this.queries.execute(new ListLowStockQuery(query));
  }

  @Get('stock-check')
  @ApiOperation({ summary: 'Integrity report: negative stock and ledger mismatches must both be 0', description: 'Admin only. Computed in one snapshot: counts of products, out-of-stock and low-stock products, negative stock and ledger mismatches, with up to 100 problem products.' })
  @ApiOkResponse({ type: StockCheckView })
  checkStock() {
    return this.queries.execute(new CheckStockQuery());
  }
}
