import { describe, expect, it } from 'vitest';
import { countGaps, schedule, validateSchedule } from '../../../src/modules/events/scheduler/index.js';
import type { SchedulerInput } from '../../../src/modules/events/scheduler/index.js';
import { makeRng } from '../../../src/modules/events/scheduler/rng.js';
import { fakeClock } from './helpers.js';

/** A tiny random event: 4–5 participants, 4–6 meetings, 4 slots in 1 or 2 sessions, 1–2 tables. */
function tinyInstance(seed: number): SchedulerInput {
  const rng = makeRng(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const P = 4 + int(2);
  const ids = Array.from({ length: P }, (_, i) => `p${i}`);
  const T = 4;
  const meetings = Array.from({ length: 4 + int(3) }, (_, i) => {
    const a = int(P);
    const b = (a + 1 + int(P - 1)) % P;
    return { id: `m${i}`, participants: [ids[a]!, ids[b]!], priority: 1, mode: rng() < 0.8 ? ('onsite' as const) : ('online' as const) };
  });
  return {
    slotCount: T,
    sessionOfSlot: seed % 2 ? [0, 0, 1, 1] : [0, 0, 0, 0],
    participants: ids.map((id) => ({ id, blockedSlots: rng() < 0.3 ? [int(T)] : [] })),
    tables: Array.from({ length: 1 + int(2) }, (_, i) => ({ id: `t${i}` })),
    meetings,
    options: { timeBudgetMs: 300, fairness: seed % 3 === 0 ? 2 : seed % 3 === 1 ? 1 : null, gapsAcrossSessions: seed % 4 < 2, seed, now: fakeClock() },
  };
}

/** Every assignment (each meeting in a slot or left out): best placed count, then fairness, then gaps. */
function bruteForce(input: SchedulerInput): { placed: number; fair: boolean; gaps: number } {
  const T = input.slotCount;
  const M = input.meetings.length;
  const blocked = new Map(input.participants.map((p) => [p.id, new Set(p.blockedSlots)]));
  const slot = new Array<number>(M).fill(-1);
  let best = { placed: -1, fair: false, gaps: Infinity };
  const visit = (i: number): void => {
    if (i === M) {
      const busy = new Map<string, number[]>();
      const onsite = new Array<number>(T).fill(0);
      let placed = 0;
      for (let j = 0; j < M; j++) {
        const s = slot[j]!;
        if (s < 0) continue;
        const m = input.meetings[j]!;
        placed++;
        if (m.mode === 'onsite' && ++onsite[s]! > input.tables.length) return;
        for (const p of m.participants) {
          if (blocked.get(p)!.has(s)) return;
          const row = busy.get(p) ?? [];
          if (row.includes(s)) return;
          busy.set(p, [...row, s]);
        }
      }
      const gaps = [...busy.values()].map((row) => countGaps(row, input.sessionOfSlot, input.options.gapsAcrossSessions));
      const total = gaps.reduce((a, b) => a + b, 0);
      const d = input.options.fairness;
      const fair = d === null || gaps.length === 0 || Math.max(...gaps) - Math.min(...gaps) <= d;
      const better = placed > best.placed || (placed === best.placed && ((fair && !best.fair) || (fair === best.fair && total < best.gaps)));
      if (better) best = { placed, fair, gaps: total };
      return;
    }
    for (let s = -1; s < T; s++) {
      slot[i] = s;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

describe('schedule matches brute force on tiny instances', () => {
  it.each(Array.from({ length: 24 }, (_, i) => [i + 1]))('seed %i', (seed) => {
    const input = tinyInstance(seed);
    const expected = bruteForce(input);
    const result = schedule(input);
    expect(validateSchedule(input, result)).toEqual([]);
    expect({ placed: result.stats.placed, fair: result.stats.fairnessMet, gaps: result.stats.totalGaps }).toEqual(expected);
    expect(result.stats.gapLowerBound).toBeLessThanOrEqual(expected.gaps);
  });
});
