import { NotFoundError } from '../common/errors/domain-error';

export class OrderTemplateNotFoundError extends NotFoundError {
  constructor() {
    super('order template');
  }
}
