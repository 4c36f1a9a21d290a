import { ConflictError, ValidationError } from '../../common/errors/domain-error';

/** A URL that is not http(s), or (in production) reaches an internal address. */
export class WebhookUrlRefusedError extends ValidationError {
  constructor(message: string) {
    super([{ field: 'url', message }], `The webhook URL is refused: ${message}.`);
  }
}

export class DeliveryInFlightError extends ConflictError {
  override readonly type = 'delivery-pending';
  constructor() {
    super('The delivery is still pending: it is sent on its schedule.');
  }
}
