import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotEquals,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '../../common/http/validation';
import { PageQuery } from '../../common/pagination';
import { MAX_METADATA_BYTES } from '../domain/product-changes';
import { MaxJsonBytes } from './metadata.validator';

export const MAX_PRICE_CENTS = 99_999_999;
export const MAX_STOCK = 1_000_000_000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateProductDto {
  @ApiProperty({
    example: 'MUG-001',
    description: 'Unique stock keeping unit (case-insensitive): letters, digits, `.`, `_`, `-`',
    maxLength: 64,
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku may contain only letters, digits, ".", "_" and "-"' })
  sku: string;

  @ApiProperty({ example: 'Enamel mug', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, maxLength: 5000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiProperty({
    example: 1299,
    minimum: 0,
    maximum: MAX_PRICE_CENTS,
    description: 'Price in minor units of the configured currency',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  priceCents: number;

  @ApiProperty({
    example: 25,
    minimum: 0,
    maximum: MAX_STOCK,
    description: 'Initial stock; recorded in the ledger as an `initial` movement',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  stock: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  categoryId?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Free-form JSON object, at most 8 KB',
    example: { color: 'blue' },
  })
  @IsOptional()
  @IsObject()
  @MaxJsonBytes(MAX_METADATA_BYTES)
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_STOCK,
    default: 5,
    description: 'At or below this stock the product counts as low on stock',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  lowStockThreshold?: number;
}

/** Every catalogue field may change; `stock` only moves through stock adjustments and orders. */
export class UpdateProductDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku may contain only letters, digits, ".", "_" and "-"' })
  sku?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, maxLength: 5000, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PRICE_CENTS })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  priceCents?: number;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: '`null` takes the product out of its category',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  categoryId?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaces the whole metadata object (≤ 8 KB)' })
  @OptionalNotNull()
  @IsObject()
  @MaxJsonBytes(MAX_METADATA_BYTES)
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_STOCK })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  lowStockThreshold?: number;

  @ApiPropertyOptional({ description: '`true` puts a deactivated product back on sale' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class ListProductsQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name or sku', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Products directly in this category' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: '`true`: stock > 0; `false`: stock = 0' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  inStock?: boolean;

  @ApiPropertyOptional({ description: 'Admins only (customers always see active products); unset lists both for admins' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class ProductView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() priceCents: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty() stock: number;
  @ApiPropertyOptional({
    description: 'Staff only: at or below this stock the product counts as low on stock. Absent from customer responses.',
  })
  lowStockThreshold?: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) categoryId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ description: 'Always `true` for customers: deactivated products answer 404 to them' }) active: boolean;
  @ApiProperty({ description: 'Changes with every catalogue edit; sent as the ETag' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ProductPage {
  @ApiProperty({ type: [ProductView] }) items: ProductView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class StockAdjustmentDto {
  @ApiProperty({ example: -3, description: 'Signed change of the stock (not 0); the stock may not go below 0' })
  @IsInt()
  @Min(-MAX_STOCK)
  @Max(MAX_STOCK)
  @NotEquals(0, { message: 'delta must not be 0' })
  delta: number;

  @ApiProperty({ example: 'restock from supplier', description: 'Why the stock changes; kept in the ledger', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class StockMovementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ description: 'Signed change of the stock' }) delta: number;
  @ApiProperty({ enum: ['initial', 'adjustment', 'order', 'cancellation', 'deletion'] }) reason: string;
  @ApiProperty({ description: 'Stock of the product right after this movement' }) stockAfter: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) orderId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The reason given with a manual adjustment' }) note: string | null;
  @ApiProperty({ type: 'object', properties: { id: { type: 'string', nullable: true }, role: { type: 'string' } } }) actor: {
    id: string | null;
    role: string;
  };
  @ApiProperty() createdAt: string;
}

export class StockMovementPage {
  @ApiProperty({ type: [StockMovementView] }) items: StockMovementView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class LowStockQueryDto extends PageQuery {
  @ApiPropertyOptional({
    minimum: 0,
    description: 'Use this threshold for every product instead of each product’s own lowStockThreshold',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  threshold?: number;
}

export class StockProblemView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() sku: string;
  @ApiProperty() stock: number;
  @ApiProperty({ description: 'Sum of the product’s ledger movements' }) ledgerSum: number;
}

export class StockCheckView {
  @ApiProperty({ description: 'All products, active or not' }) products: number;
  @ApiProperty({ description: 'Active products with stock 0' }) outOfStock: number;
  @ApiProperty({ description: 'Active products at or below their low-stock threshold (out of stock included)' }) lowStock: number;
  @ApiProperty({ description: 'Products with stock below 0 (must be 0)' }) negativeStock: number;
  @ApiProperty({ description: 'Products whose stock differs from the sum of their ledger (must be 0)' }) ledgerMismatches: number;
  @ApiProperty({ description: 'No negative stock and no ledger mismatch' }) ok: boolean;
  @ApiProperty({ type: [StockProblemView], description: 'The offending products (at most 100)' }) problems: StockProblemView[];
}
