import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Roles } from '../common/auth/roles.decorator';
import { EmptyBodyDto } from '../common/http/empty-body.dto';
import { parseUuid } from '../common/http/validation';
import type { Page } from '../common/pagination';
import { CardDataGuard } from './card-data.guard';
import { AddPaymentMethodCommand } from './commands/add-payment-method.command';
import { DeletePaymentMethodCommand } from './commands/delete-payment-method.command';
import { MakeDefaultPaymentMethodCommand } from './commands/make-default-payment-method.command';
import {
  AddPaymentMethodDto,
  BankAccountDetailsInput,
  CardDetailsInput,
  ListPaymentMethodsQueryDto,
  PaymentMethodPageView,
  PaymentMethodView,
  PaypalDetailsInput,
} from './dto/payment-method.dto';
import { GetPaymentMethodQuery } from './queries/get-payment-method.query';
import { ListPaymentMethodsQuery } from './queries/list-payment-methods.query';

const PaymentMethodId = parseUuid('id');
const CARD_DATA =
  'a card number (13–19 digits, spaces or dashes allowed, Luhn-valid) in any string of the body, or a field named like a security code (`cvv`, `cvc`, `securityCode`, …): 400 `card-data-refused`, naming the field, never the value';

@ApiTags('payment-methods')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ description: 'missing, invalid or expired token' })
@ApiExtraModels(CardDetailsInput, PaypalDetailsInput, BankAccountDetailsInput)
@UseGuards(CardDataGuard)
@Controller('payment-methods')
export class PaymentMethodsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('customer')
  @ApiOperation({
    summary: 'Save a payment method: a tokenised reference to the payment provider, never card data',
    description:
      "`type` card, paypal or bank_account with its `details`; `providerToken` is the provider's token (never returned). The customer's first method becomes the default, as does one sent with `makeDefault: true`. The same type and token twice → 409. A card whose expiry month has passed → 400. Answers 201 with the method and `Location`.",
  })
  @ApiCreatedResponse({ type: PaymentMethodView, description: 'saved; `Location` header' })
  @ApiBadRequestResponse({ description: `invalid body (type, details by type, expired card, unknown fields), or ${CARD_DATA}` })
  @ApiForbiddenResponse({ description: 'not a customer (admins do not save payment methods)' })
  @ApiConflictResponse({ description: 'the same type and provider token is already saved (`paymentMethodId` names it)' })
  async addPaymentMethod(
    @CurrentUser() user: AuthUser,
    @Body() body: AddPaymentMethodDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentMethodView> {
    const method = await this.commands.execute(new AddPaymentMethodCommand(user, body));
    res.setHeader('Location', `/api/v1/payment-methods/${method.id}`);
    return method;
  }

  @Get()
  @ApiOperation({
    summary: "List the caller's payment methods, the default first, then newest first",
    description:
      "Keyset-paged (`limit`, `cursor`). Deleted methods are not listed. An admin passes `customerId` to see a customer's methods; customers always see their own.",
  })
  @ApiOkResponse({ type: PaymentMethodPageView })
  listPaymentMethods(
    @CurrentUser() user: AuthUser,
    @Query() query: ListPaymentMethodsQueryDto,
  ): Promise<Page<PaymentMethodView>> {
    return this.queries.execute(new ListPaymentMethodsQuery(user, query));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One payment method (the owner, or an admin)',
    description: "Someone else's or a deleted method answers 404, exactly like a missing one.",
  })
  @ApiOkResponse({ type: PaymentMethodView })
  @ApiNotFoundResponse({ description: 'no such payment method, deleted, or not yours' })
  getPaymentMethod(@CurrentUser() user: AuthUser, @Param('id', PaymentMethodId) id: string): Promise<PaymentMethodView> {
    return this.queries.execute(new GetPaymentMethodQuery(user, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a payment method (the owner, or an admin)',
    description:
      'Soft: orders placed with it keep their `paymentMethodDetails` snapshot. If it was the default, the customer has no default until they choose one. Answers 204.',
  })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFoundResponse({ description: 'no such payment method, already deleted, or not yours' })
  async deletePaymentMethod(@CurrentUser() user: AuthUser, @Param('id', PaymentMethodId) id: string): Promise<void> {
    await this.commands.execute(new DeletePaymentMethodCommand(user, id));
  }

  @Post(':id/default')
  @HttpCode(200)
  @Roles('customer')
  @ApiOperation({
    summary: "Make one of the caller's payment methods their default",
    description:
      'This method `isDefault: true`, every other of the customer false. No body (or `{}`). Answers 200 with the method.',
  })
  @ApiOkResponse({ type: PaymentMethodView })
  @ApiBadRequestResponse({ description: `the id is not a UUID, the body has a field, or ${CARD_DATA}` })
  @ApiForbiddenResponse({ description: 'not a customer' })
  @ApiNotFoundResponse({ description: 'no such payment method, deleted, or not yours' })
  makeDefaultPaymentMethod(
    @CurrentUser() user: AuthUser,
    @Param('id', PaymentMethodId) id: string,
    @Body() _body: EmptyBodyDto,
  ): Promise<PaymentMethodView> {
    return this.commands.execute(new MakeDefaultPaymentMethodCommand(user, id));
  }
}
