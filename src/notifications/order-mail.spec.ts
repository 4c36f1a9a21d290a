import { renderMail, templateContext } from '../mail/templates';
import type { OrderView } from '../orders/dto/order.view';
import { customerMail } from './order-mail';

describe('customer mail for an order event', () => {
  const order = {
    number: 1042,
    currency: 'EUR',
    items: [{ productId: 'p', sku: 'MUG-1', name: 'Mug', unitPriceCents: 999, quantity: 3, lineTotalCents: 2997 }],
    subtotalCents: 2997,
    discountCents: 0,
    shippingCents: 500,
    taxCents: 600,
    totalCents: 4097,
    trackingNumber: 'FROM-ORDER',
    cancelReason: 'staff only',
  } as unknown as OrderView;
  const render = (mail: ReturnType<typeof customerMail>) =>
    renderMail(mail.template, mail.data as never, templateContext('https://shop.example'));

  it('the receipt lists lines and totals', () => {
    const mail = render(customerMail('order.created', order, 'Ada'));
    expect(mail.subject).toBe('Order #1042 received');
    expect(mail.text).toContain('3 × Mug (MUG-1) at 9.99 EUR: 29.97 EUR');
    expect(mail.text).toContain('Shipping: 5.00 EUR');
    expect(mail.text).toContain('Total: 40.97 EUR');
    expect(mail.text).not.toContain('Discount');
  });

  it('shipped names the tracking number the event carries, else the order’s', () => {
    expect(render(customerMail('order.shipped', order, 'Ada', { trackingNumber: 'FROM-EVENT' })).text).toContain(
      'Tracking number: FROM-EVENT',
    );
    expect(render(customerMail('order.shipped', order, 'Ada')).text).toContain('Tracking number: FROM-ORDER');
  });

  it('a cancellation never carries the reason staff wrote', () => {
    const mail = render(customerMail('order.cancelled', order, 'Ada', { reason: 'staff only' }));
    expect(mail.subject).toBe('Order #1042 cancelled');
    expect(mail.text).not.toContain('staff only');
  });
});
