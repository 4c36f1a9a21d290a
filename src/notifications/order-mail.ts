import type { EventType } from '../events/event-types';
import type { MailTemplateData, MailTemplateName } from '../mail/templates';
import type { OrderView } from '../orders/dto/order.view';

/** The order events a customer is told about by mail, and the template of each. */
export const CUSTOMER_MAIL_TEMPLATES = {
  'order.created': 'order-created',
  'order.confirmed': 'order-confirmed',
  'order.shipped': 'order-shipped',
  'order.delivered': 'order-delivered',
  'order.cancelled': 'order-cancelled',
  'order.refunded': 'order-refunded',
} as const satisfies Partial<Record<EventType, MailTemplateName>>;

export type CustomerMailEvent = keyof typeof CUSTOMER_MAIL_TEMPLATES;

/** A template with its data, typed together. */
export type TemplatedMail = { [K in MailTemplateName]: { template: K; data: MailTemplateData<K> } }[MailTemplateName];

/**
 * The mail a customer gets for an order event, built from the order as it is now (its lines and
 * totals) and what the event itself says (the tracking number it shipped with). Staff-only fields
 * (a cancellation's reason, the payment reference) never go into a customer's mail.
 */
export function customerMail(
  type: CustomerMailEvent,
  order: OrderView,
  customerName: string,
  eventChanges: Record<string, unknown> = {},
): TemplatedMail {
  const notice = { name: customerName, number: order.number };
  switch (type) {
    case 'order.created':
      return {
        template: 'order-created',
        data: {
          ...notice,
          currency: order.currency,
          items: order.items.map(({ name, sku, quantity, unitPriceCents, lineTotalCents }) => ({
            name,
            sku,
            quantity,
            unitPriceCents,
            lineTotalCents,
          })),
          subtotalCents: order.subtotalCents,
          discountCents: order.discountCents,
          shippingCents: order.shippingCents,
          taxCents: order.taxCents,
          totalCents: order.totalCents,
        },
      };
    case 'order.shipped': {
      const tracking = typeof eventChanges.trackingNumber === 'string' ? eventChanges.trackingNumber : order.trackingNumber;
      return { template: 'order-shipped', data: { ...notice, trackingNumber: tracking ?? 'not given' } };
    }
    case 'order.refunded':
      return { template: 'order-refunded', data: { ...notice, totalCents: order.totalCents, currency: order.currency } };
    default:
      return { template: CUSTOMER_MAIL_TEMPLATES[type], data: notice };
  }
}
