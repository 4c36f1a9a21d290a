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
  @ApiOperation({ summary: 'Active products at or below their low-stock threshold (or `threshold`), emptiest first' })
  @ApiOkResponse({ type: ProductPage })
  listLowStockProducts(@Query() query: LowStockQueryDto) {
    return this.queries.execute(new ListLowStockQuery(query));
  }

  @Get('stock-check')
  @ApiOperation({ summary: 'Integrity report: negative stock and ledger mismatches must both be 0' })
  @ApiOkResponse({ type: StockCheckView })
  checkStock() {
    return this.queries.execute(new CheckStockQuery());
  }
}
