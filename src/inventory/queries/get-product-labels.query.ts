import { Query } from '@nestjs/cqrs';

export interface ProductLabel {
  id: string;
  sku: string;
  name: string;
}

/** The catalogue's sku and name of these products, active or not (reports name what they count). */
export class GetProductLabelsQuery extends Query<ProductLabel[]> {
  constructor(readonly productIds: readonly string[]) {
    super();
  }
}
