import { describe, expect, it } from 'vitest';
import { feed } from '../../../src/modules/matching/runs.service.js';

/** A generator that logs when each read starts and ends. */
async function* reads(n: number, log: string[]): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    log.push(`read ${i} start`);
    await new Promise((r) => setTimeout(r, 5));
    log.push(`read ${i} end`);
    yield i;
  }
}

describe('feed: batches to the engine while the next is read', () => {
  it('consumes every batch in order, reading the next one during the current one', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    await feed(reads(3, log), async (b) => {
      log.push(`consume ${b} start`);
      await new Promise((r) => setTimeout(r, 20));
      seen.push(b);
      log.push(`consume ${b} end`);
    });
    expect(seen).toEqual([0, 1, 2]);
    // Batch 1 is read while batch 0 is consumed.
    expect(log.indexOf('read 1 start')).toBeLessThan(log.indexOf('consume 0 end'));
    expect(log.indexOf('read 1 end')).toBeLessThan(log.indexOf('consume 0 end'));
  });

  it('stops at the first failing batch and reports its error', async () => {
    const seen: number[] = [];
    await expect(
      feed(reads(5, []), async (b) => {
        if (b === 1) throw new Error('engine failed on batch 1');
        seen.push(b);
      }),
    ).rejects.toThrow('engine failed on batch 1');
    expect(seen).toEqual([0]);
  });

  it('reports a failed read', async () => {
    async function* broken(): AsyncGenerator<number> {
      yield 0;
      throw new Error('connection lost');
    }
    const seen: number[] = [];
    await expect(feed(broken(), async (b) => void seen.push(b))).rejects.toThrow('connection lost');
    expect(seen).toEqual([0]);
  });

  it('does nothing for no batches', async () => {
    let calls = 0;
    // eslint-disable-next-line require-yield
    async function* none(): AsyncGenerator<number> {
      return;
    }
    await feed(none(), async () => void calls++);
    expect(calls).toBe(0);
  });
});
