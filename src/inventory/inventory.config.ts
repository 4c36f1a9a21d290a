import { IsOptional, IsString, Matches } from 'class-validator';
import { defineConfigSlice } from '../config/config-slice';

class InventoryVariables {
  @IsOptional() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' })
  CURRENCY?: string;
}

export const inventoryConfig = defineConfigSlice({
  variables: InventoryVariables,
  build: (v) => ({
    /** ISO 4217 currency of new products (and so of the orders built from them). */
    currency: v.CURRENCY ?? 'USD',
  }),
});
