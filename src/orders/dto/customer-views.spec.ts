import { historyViewFor, HistoryEntryView } from '../../history/history-entry.view';
import { orderViewFor, OrderView } from './order.view';

describe('what a customer sees of an order and its history', () => {
  const order = {
    id: 'o1',
    customerId: 'c1',
    status: 'cancelled',
    paymentReference: 'psp_1',
    cancelReason: 'staff wrote this',
    cancelledBy: 'admin',
    notes: 'ring twice',
    version: 4,
  } as unknown as OrderView;

  it('staff get the order whole, the same object', () => {
    expect(orderViewFor({ role: 'admin' }, order)).toBe(order);
  });

  it('a customer gets no paymentReference and no cancelReason staff wrote, and the cached view is left untouched', () => {
    const seen = orderViewFor({ role: 'customer' }, order);
    expect(seen).not.toHaveProperty('paymentReference');
    expect(seen).toMatchObject({ id: 'o1', notes: 'ring twice', cancelReason: null, cancelledBy: 'admin', version: 4 });
    expect(order.paymentReference).toBe('psp_1');
    expect(order.cancelReason).toBe('staff wrote this');
  });

  it("a customer's own cancellation reason stays; one with no known author (before cancelledBy existed) is hidden", () => {
    expect(orderViewFor({ role: 'customer' }, { ...order, cancelledBy: 'customer', cancelReason: 'mine' })).toMatchObject({
      cancelReason: 'mine',
    });
    expect(orderViewFor({ role: 'customer' }, { ...order, cancelledBy: null })).toMatchObject({ cancelReason: null });
    expect(orderViewFor({ role: 'customer' }, { ...order, cancelledBy: undefined } as unknown as OrderView)).toMatchObject({
      cancelReason: null,
    });
  });

  const at = '2026-01-01T00:00:00.000Z';
  const entries: HistoryEntryView[] = [
    { action: 'created', fromStatus: null, toStatus: 'pending', changes: {}, actor: { id: 'c1', role: 'customer' }, at },
    {
      action: 'payment_completed',
      fromStatus: null,
      toStatus: null,
      changes: { paymentStatus: { from: 'pending', to: 'paid' }, reference: 'psp_1' },
      actor: { id: null, role: 'system' },
      at,
    },
    {
      action: 'confirmed',
      fromStatus: 'pending',
      toStatus: 'confirmed',
      changes: { reason: 'fraud check' },
      actor: { id: 'a1', role: 'admin' },
      at,
    },
    {
      action: 'cancelled',
      fromStatus: 'confirmed',
      toStatus: 'cancelled',
      changes: { reason: 'mine' },
      actor: { id: 'c1', role: 'customer' },
      at,
    },
  ];

  it('the history: staff see every entry whole', () => {
    expect(historyViewFor({ role: 'admin' }, entries).items).toBe(entries);
  });

  it('the history: staff and the system by role alone, no reference, no reason staff wrote; the customer keeps their own', () => {
    expect(historyViewFor({ role: 'customer' }, entries).items).toEqual([
      entries[0],
      { ...entries[1], actor: { role: 'system' }, changes: { paymentStatus: { from: 'pending', to: 'paid' } } },
      { ...entries[2], actor: { role: 'admin' }, changes: {} },
      entries[3],
    ]);
    expect(entries[2].changes).toEqual({ reason: 'fraud check' });
  });
});
