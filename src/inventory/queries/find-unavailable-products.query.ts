import { Query } from '@nestjs/cqrs';

/** Which of these products cannot be ordered (unknown or inactive): what other modules ask before keeping product ids. */
export class FindUnavailableProductsQuery extends Query<string[]> {
  constructor(readonly productIds: readonly string[]) {
    super();
  }
}
