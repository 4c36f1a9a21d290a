import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('stores argon2id hashes that verify only the right password', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('correct horse');
    await expect(hasher.verify(stored, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(stored, 'wrong horse battery')).resolves.toBe(false);
  });

  it('answers false for a missing user or an unusable hash', async () => {
    await expect(hasher.verify(undefined, 'whatever1')).resolves.toBe(false);
    await expect(hasher.verify('!', 'whatever1')).resolves.toBe(false);
  });
});
