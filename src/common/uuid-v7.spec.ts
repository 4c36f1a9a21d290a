import { uuidv7 } from './uuid-v7';

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the time', () => {
    const id = uuidv7(Date.UTC(2026, 11, 2, 12, 0, 0, 123));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 2, 12, 0, 0, 123));
  });

  it('sorts by creation time across milliseconds and differs within one', () => {
    const t = Date.UTC(2026, 0, 1);
    expect(uuidv7(t) < uuidv7(t + 1)).toBe(true);
    expect(uuidv7(t + 1000) > uuidv7(t + 999)).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(t))).size).toBe(1000);
  });
});
