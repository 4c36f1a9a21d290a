import { MemoryRateLimitStore } from './memory-rate-limit-store';

describe('MemoryRateLimitStore', () => {
  let now = 1_000_000;
  const store = new MemoryRateLimitStore(() => now);

  it('counts hits in a fixed window and blocks once over the limit', async () => {
    for (let i = 1; i <= 3; i++)
      expect(await store.increment('k', 60_000, 3, 60_000, 'default')).toMatchObject({ totalHits: i, isBlocked: false });
    const over = await store.increment('k', 60_000, 3, 60_000, 'default');
    expect(over).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await store.increment('k', 60_000, 3, 60_000, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('starts afresh once the window and the block have passed', async () => {
    now += 61_000;
    expect(await store.increment('k', 60_000, 3, 60_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('peeks without counting and resets on demand', async () => {
    await store.increment('p', 900_000, 10, 900_000, 'login');
    await store.increment('p', 900_000, 10, 900_000, 'login');
    expect(await store.peek('p')).toEqual({ totalHits: 2, secondsLeft: 900 });
    expect(await store.peek('p')).toEqual({ totalHits: 2, secondsLeft: 900 });
    await store.reset('p');
    expect(await store.peek('p')).toEqual({ totalHits: 0, secondsLeft: 0 });
  });

  it('gives a hit back, never below zero', async () => {
    await store.increment('g', 900_000, 10, 0, 'login');
    await store.increment('g', 900_000, 10, 0, 'login');
    await store.giveBack('g');
    expect(await store.peek('g')).toEqual({ totalHits: 1, secondsLeft: 900 });
    await store.giveBack('g');
    await store.giveBack('g');
    expect(await store.peek('g')).toEqual({ totalHits: 0, secondsLeft: 900 });
    await store.giveBack('never-counted');
    expect(await store.peek('never-counted')).toEqual({ totalHits: 0, secondsLeft: 0 });
  });
});
