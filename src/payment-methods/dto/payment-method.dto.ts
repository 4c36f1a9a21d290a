import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type, TypeHelpOptions } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import {
  isPaymentMethodType,
  PAYMENT_METHOD_TYPES,
  PaymentMethodDetails,
  PaymentMethodType,
} from '../domain/payment-method-details';
import type { PaymentMethod } from '../entities/payment-method.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const LAST4 = { message: 'last4 must be exactly four digits' };

export class CardDetailsInput {
  @ApiProperty({ maxLength: 32, example: 'visa' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  brand: string;

  @ApiProperty({ pattern: '^[0-9]{4}$', example: '4242' })
  @IsString(LAST4)
  @Matches(/^\d{4}$/, LAST4)
  last4: string;

  @ApiProperty({ minimum: 1, maximum: 12, example: 12 })
  @IsInt()
  @Min(1)
  @Max(12)
  expMonth: number;

  @ApiProperty({
    minimum: 2000,
    maximum: 2100,
    example: 2030,
    description: 'a card whose expiry month has passed is refused (400)',
  })
  @IsInt()
  @Min(2000)
  @Max(2100)
  expYear: number;
}

export class PaypalDetailsInput {
  @ApiProperty({ maxLength: 254, example: 'ada@example.com' })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;
}

export class BankAccountDetailsInput {
  @ApiProperty({ maxLength: 100, example: 'First Bank' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  bankName: string;

  @ApiProperty({ pattern: '^[0-9]{4}$', example: '0001' })
  @IsString(LAST4)
  @Matches(/^\d{4}$/, LAST4)
  last4: string;
}

const DETAILS_BY_TYPE = { card: CardDetailsInput, paypal: PaypalDetailsInput, bank_account: BankAccountDetailsInput } as const;

/** The details class of the body's `type` (class-transformer asks with the raw body; input-shape asks without one). */
const detailsClassOf = (options?: TypeHelpOptions) => {
  const type: unknown = (options?.object as { type?: unknown } | undefined)?.type;
  return isPaymentMethodType(type) ? DETAILS_BY_TYPE[type] : CardDetailsInput;
};

const DETAILS_SCHEMA = {
  oneOf: [
    { $ref: getSchemaPath(CardDetailsInput) },
    { $ref: getSchemaPath(PaypalDetailsInput) },
    { $ref: getSchemaPath(BankAccountDetailsInput) },
  ],
};

/** POST /payment-methods */
export class AddPaymentMethodDto {
  @ApiProperty({ enum: PAYMENT_METHOD_TYPES })
  @IsIn(PAYMENT_METHOD_TYPES)
  type: PaymentMethodType;

  @ApiProperty({
    minLength: 1,
    maxLength: 255,
    example: 'pm_1QxYz2eZvKYlo2C',
    description: "the payment provider's token for the method (printable ASCII); never returned",
    writeOnly: true,
  })
  @IsString()
  @Length(1, 255)
  @Matches(/^[\x20-\x7e]+$/, { message: 'providerToken must be printable ASCII characters' })
  providerToken: string;

  @ApiPropertyOptional({
    maxLength: 100,
    example: 'Work Visa',
    description: 'default: brand (or bank) and last four digits, or the PayPal address',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label?: string;

  @ApiProperty({
    ...DETAILS_SCHEMA,
    description: 'by `type`: card `{brand, last4, expMonth, expYear}` · paypal `{email}` · bank_account `{bankName, last4}`',
  })
  @ValidateIf((body: { type?: unknown }) => isPaymentMethodType(body.type))
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(detailsClassOf)
  details: PaymentMethodDetails;

  @ApiPropertyOptional({ default: false, description: "make it the customer's default (the first method always is)" })
  @IsOptional()
  @IsBoolean()
  makeDefault?: boolean;
}

export class ListPaymentMethodsQueryDto extends PageQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "admin only: this customer's methods (ignored for customers, who always see their own)",
  })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}

export class PaymentMethodView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PAYMENT_METHOD_TYPES }) type: PaymentMethodType;
  @ApiProperty() label: string;
  @ApiProperty(DETAILS_SCHEMA) details: PaymentMethodDetails;
  @ApiProperty() isDefault: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PaymentMethodPageView {
  @ApiProperty({ type: [PaymentMethodView] }) items: PaymentMethodView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/**
 * The schema of what an order shows of the method it was placed with (`paymentMethodDetails`,
 * a `PaymentMethodSnapshot`), inline because OpenAPI 3.0 cannot make a `$ref` nullable.
 */
export const PAYMENT_METHOD_SNAPSHOT_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  nullable: true,
  required: ['type', 'label'],
  properties: {
    type: { type: 'string', enum: [...PAYMENT_METHOD_TYPES] },
    label: { type: 'string' },
    brand: { type: 'string', description: 'card' },
    last4: { type: 'string', description: 'card, bank_account' },
    email: { type: 'string', description: 'paypal' },
    bankName: { type: 'string', description: 'bank_account' },
  },
};

/** The view of a method: never its provider token or fingerprint. */
export function toPaymentMethodView(method: PaymentMethod): PaymentMethodView {
  return {
    id: method.id,
    type: method.type,
    label: method.label,
    details: method.details,
    isDefault: method.isDefault,
    createdAt: new Date(method.createdAt).toISOString(),
  };
}
