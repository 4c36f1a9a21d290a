import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventDeliveries } from '../events/event-deliveries';
import { HandlesEvents, RecordedEventHandler } from '../events/recorded-event-handler';
import { StockLowEvent } from '../inventory/events/inventory.events';
import { Mailer } from '../mail/mailer';

/**
 * Mails every address of ALERT_EMAILS when a product's stock crossed down to or below its
 * threshold (`stock.low`, written with the change that crossed it): the product, its sku and the
 * stock left. One mail per address and event, whatever the re-deliveries (keyed by event and address).
 */
@Injectable()
@HandlesEvents(StockLowEvent)
export class LowStockAlerter extends RecordedEventHandler<StockLowEvent> {
  readonly handlerName = 'low-stock-mail';

  constructor(
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    deliveries: EventDeliveries,
  ) {
    super(deliveries);
  }

  /** Without ALERT_EMAILS the handler is not registered, so no event waits for it. */
  override onModuleInit(): void {
    if (this.config.alertEmails.length > 0) super.onModuleInit();
  }

  override async handle(event: StockLowEvent): Promise<void> {
    if (this.config.alertEmails.length > 0) await super.handle(event);
  }

  protected async apply(event: StockLowEvent): Promise<void> {
    const { name, sku, stockAfter, lowStockThreshold } = event.payload;
    for (const to of this.config.alertEmails) {
      // The key column is short; an address is named by its hash.
      const address = createHash('sha256').update(to.toLowerCase()).digest('hex').slice(0, 32);
      await this.mailer.enqueue({
        to,
        template: 'low-stock-alert',
        data: { productName: name, sku, stock: stockAfter, lowStockThreshold },
        dedupeKey: `stock.low:${event.id}:${address}`,
      });
    }
  }
}
