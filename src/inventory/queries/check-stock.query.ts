import { Query } from '@nestjs/cqrs';
import { StockCheckView } from '../dto/product.dto';

/** The integrity report of GET /inventory/stock-check. */
export class CheckStockQuery extends Query<StockCheckView> {}
