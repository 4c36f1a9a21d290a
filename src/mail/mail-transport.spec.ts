import { messageIdOf } from './mail-transport';

describe('messageIdOf', () => {
  it("takes the sender's domain from a bare address or a display-name form", () => {
    expect(messageIdOf('42', 'shop@example.test')).toBe('<42@example.test>');
    expect(messageIdOf('42', 'Order Management API <no-reply@shop.example>')).toBe('<42@shop.example>');
  });

  it('falls back to localhost when the sender has no domain', () => {
    expect(messageIdOf('42', 'nobody')).toBe('<42@localhost>');
  });
});
