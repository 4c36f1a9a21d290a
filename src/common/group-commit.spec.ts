import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('flushes a lone item at once, and items added during a flush together in the next one', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstFlushDone = new Promise<void>((r) => (release = r));
    const group = new GroupCommit<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await firstFlushDone;
    });
    const first = group.add(1);
    await Promise.resolve(); // the first flush starts
    await Promise.resolve();
    const later = [group.add(2), group.add(3), group.add(4)];
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('puts items added in one synchronous run into one batch', async () => {
    const batches: string[][] = [];
    const group = new GroupCommit<string>(async (items) => {
      batches.push(items);
    });
    await Promise.all(['a', 'b', 'c'].map((x) => group.add(x)));
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('retries a failed batch item by item, so only the item that fails is rejected', async () => {
    const group = new GroupCommit<string>(async (items) => {
      if (items.includes('bad')) throw new Error('refused');
    });
    const results = await Promise.allSettled(['ok-1', 'bad', 'ok-2'].map((x) => group.add(x)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('caps a batch at maxBatch items', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number>(
      async (items) => {
        sizes.push(items.length);
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((x) => group.add(x)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('with a linger, lets items that arrive after a flush gather for the next one, but flushes a lone first item at once', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstFlushDone = new Promise<void>((r) => (release = r));
    const group = new GroupCommit<number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await firstFlushDone;
      },
      { lingerMs: 30 },
    );
    const first = group.add(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(batches).toEqual([[1]]); // at once
    const during = group.add(2);
    release();
    await first;
    // The flush of 1 is done; 2 waits for the linger, and what arrives meanwhile joins it.
    const afterwards = [group.add(3), group.add(4)];
    await new Promise((r) => setTimeout(r, 5));
    const late = group.add(5);
    await Promise.all([during, ...afterwards, late]);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });
});
