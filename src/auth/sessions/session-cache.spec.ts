import { decodeNotice, encodeNotice, SessionCache, SessionState } from './session-cache';

const live = (userId: string): SessionState => ({ userId, role: 'customer', live: true });

describe('SessionCache', () => {
  it('serves an entry until it expires', () => {
    const cache = new SessionCache(1000, 10);
    cache.set('s1', live('u1'), cache.mark(), 0);
    expect(cache.get('s1', 999)).toEqual(live('u1'));
    expect(cache.get('s1', 1000)).toBeUndefined();
  });

  it('evicts one session, or every session of a user', () => {
    const cache = new SessionCache(1000, 10);
    for (const [sid, uid] of [
      ['s1', 'u1'],
      ['s2', 'u1'],
      ['s3', 'u2'],
    ])
      cache.set(sid, live(uid), cache.mark(), 0);
    cache.apply({ kind: 'session', sessionId: 's1' });
    expect([cache.get('s1', 1), cache.get('s2', 1)]).toEqual([undefined, live('u1')]);
    cache.apply({ kind: 'user', userId: 'u1' });
    expect([cache.get('s2', 1), cache.get('s3', 1)]).toEqual([undefined, live('u2')]);
  });

  it('drops a read that began before a notice arrived (no stale put-back)', () => {
    const cache = new SessionCache(1000, 10);
    const generation = cache.mark(); // the lookup starts and reads the database ...
    cache.apply({ kind: 'session', sessionId: 's1' }); // ... while the session ends
    cache.set('s1', live('u1'), generation, 0);
    expect(cache.get('s1', 1)).toBeUndefined();
    cache.set('s1', { ...live('u1'), live: false }, cache.mark(), 0);
    expect(cache.get('s1', 1)?.live).toBe(false);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new SessionCache(1000, 2);
    for (const sid of ['a', 'b', 'c']) cache.set(sid, live('u'), cache.mark(), 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('round-trips notices through their wire form', () => {
    expect(decodeNotice(encodeNotice({ kind: 'session', sessionId: 'x' }))).toEqual({ kind: 'session', sessionId: 'x' });
    expect(decodeNotice(encodeNotice({ kind: 'user', userId: 'y' }))).toEqual({ kind: 'user', userId: 'y' });
    expect(decodeNotice('garbage')).toBeUndefined();
  });
});
