import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/lib/gc.js';

describe('collectGarbage', () => {
  it('collects what nothing refers to any more, now', async () => {
    const ref = (() => new WeakRef({ rows: Array.from({ length: 10_000 }, (_, i) => ({ i, text: `dòng ${i}` })) }))();
    // A WeakRef's target lives to the end of the job that made it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still referred to', () => {
    const kept = { rows: [1, 2, 3] };
    const ref = new WeakRef(kept);
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBe(kept);
  });
});
