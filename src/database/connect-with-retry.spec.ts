import { connectWithRetry, isTransientConnectionError } from './connect-with-retry';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const badPassword = Object.assign(new Error('password authentication failed'), { code: '28P01' });

function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return { slept, clock: { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) } };
}

describe('connectWithRetry (the first database connection)', () => {
  it('retries while the server is unreachable, backing off 250 ms doubling to 5 s, until it answers', async () => {
    const { slept, clock } = fakeClock();
    let calls = 0;
    const notices: number[] = [];
    const attempts = await connectWithRetry(
      async () => {
        if (++calls < 7) throw refused;
      },
      { budgetMs: 30_000 },
      (n) => notices.push(n.attempt),
      clock,
    );
    expect(attempts).toBe(7);
    expect(slept).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    expect(notices).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives up with the last error once the budget is spent', async () => {
    const { slept, clock } = fakeClock();
    await expect(connectWithRetry(async () => Promise.reject(refused), { budgetMs: 4000 }, undefined, clock)).rejects.toBe(refused);
    expect(slept).toEqual([250, 500, 1000, 2000]);
  });

  it('tries once with a budget of 0, and never retries what waiting cannot cure', async () => {
    const { slept, clock } = fakeClock();
    await expect(connectWithRetry(async () => Promise.reject(refused), { budgetMs: 0 }, undefined, clock)).rejects.toBe(refused);
    await expect(connectWithRetry(async () => Promise.reject(badPassword), { budgetMs: 30_000 }, undefined, clock)).rejects.toBe(badPassword);
    expect(slept).toEqual([]);
  });

  it('knows the transient failures', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', '57P03']) expect(isTransientConnectionError({ code })).toBe(true);
    expect(isTransientConnectionError(new Error('Connection terminated due to connection timeout'))).toBe(true);
    for (const code of ['28P01', '3D000', '42P01']) expect(isTransientConnectionError({ code })).toBe(false);
    expect(isTransientConnectionError(undefined)).toBe(false);
  });
});
