import { describe, expect, it } from 'vitest';
import { schedule, validateSchedule } from '../../../src/modules/events/scheduler/index.js';
import type { SchedulerInput, SchedulerResult } from '../../../src/modules/events/scheduler/index.js';
import { makeInput, meeting } from './helpers.js';

const slotOf = (r: SchedulerResult, id: string) => r.assignments.find((a) => a.meetingId === id)?.slot;
const tableOf = (r: SchedulerResult, id: string) => r.assignments.find((a) => a.meetingId === id)?.tableId;
const reasonOf = (r: SchedulerResult, id: string) => r.unplaced.find((u) => u.meetingId === id)?.reason;

function run(input: SchedulerInput): SchedulerResult {
  const result = schedule(input);
  expect(validateSchedule(input, result)).toEqual([]);
  return result;
}

describe('schedule: hard rules', () => {
  it('keeps locked meetings exactly where they are', () => {
    const input = makeInput({
      slots: 4,
      meetings: [
        meeting('m1', ['a', 'b'], { locked: { slot: 3, tableId: 't2' } }),
        meeting('m2', ['a', 'c']),
        meeting('m3', ['b', 'c']),
        meeting('m4', ['c', 'd'], { mode: 'online', locked: { slot: 0, tableId: null } }),
      ],
    });
    const r = run(input);
    expect([slotOf(r, 'm1'), tableOf(r, 'm1')]).toEqual([3, 't2']);
    expect([slotOf(r, 'm4'), tableOf(r, 'm4')]).toEqual([0, null]);
    expect(r.unplaced).toEqual([]);
  });

  it('respects blocked slots of every participant, experts included', () => {
    const input = makeInput({ slots: 3, meetings: [meeting('m1', ['a', 'b', 'x'])] });
    input.participants.find((p) => p.id === 'a')!.blockedSlots = [0];
    input.participants.find((p) => p.id === 'x')!.blockedSlots = [1];
    expect(slotOf(run(input), 'm1')).toBe(2);
  });

  it.each([
    ['two onsite meetings, one table, one slot: one waits', 'onsite', 1, 1],
    ['two online meetings, no table, one slot: both placed', 'online', 0, 2],
  ] as const)('%s', (_name, mode, tableCount, placed) => {
    const input = makeInput({ slots: 1, tableCount, meetings: [meeting('m1', ['a', 'b'], { mode }), meeting('m2', ['c', 'd'], { mode })] });
    const r = run(input);
    expect(r.stats.placed).toBe(placed);
    if (mode === 'online') expect(r.assignments.every((a) => a.tableId === null)).toBe(true);
  });

  it('seats a supplier at their own table when it is free', () => {
    const input = makeInput({ slots: 2, tableCount: 0, meetings: [meeting('m1', ['s', 'd1']), meeting('m2', ['s', 'd2']), meeting('m3', ['x', 'y'])] });
    input.tables = [{ id: 'free' }, { id: 'own', fixedParticipant: 's' }];
    const r = run(input);
    expect([tableOf(r, 'm1'), tableOf(r, 'm2')]).toEqual(['own', 'own']);
    expect(tableOf(r, 'm3')).toBe('free');
  });

  it('orders meetings by precedence', () => {
    const input = makeInput({
      slots: 3,
      meetings: [meeting('m2', ['a', 'c'], { after: ['m1'] }), meeting('m3', ['b', 'c'], { after: ['m2'] }), meeting('m1', ['a', 'b'])],
    });
    const r = run(input);
    expect([slotOf(r, 'm1'), slotOf(r, 'm2'), slotOf(r, 'm3')]).toEqual([0, 1, 2]);
  });
});

describe('schedule: unplaced meetings and their reasons', () => {
  it.each<[string, (i: SchedulerInput) => void, string]>([
    ['participant full: every usable slot taken by their own meetings', (i) => {
      i.meetings = [meeting('m1', ['a', 'b'], { priority: 2 }), meeting('m2', ['a', 'c']), meeting('m3', ['a', 'd'], { priority: 2 })];
      i.participants = [{ id: 'a', blockedSlots: [2, 3] }, { id: 'b', blockedSlots: [] }, { id: 'c', blockedSlots: [] }, { id: 'd', blockedSlots: [] }];
    }, 'participant_full'],
    ['participant full', (i) => {
      i.meetings = [meeting('m1', ['a', 'b'], { priority: 2 }), meeting('m2', ['a', 'c'])];
      i.participants = ['a', 'b', 'c'].map((id) => ({ id, blockedSlots: [], ...(id === 'a' ? { maxMeetings: 1 } : {}) }));
    }, 'participant_full'],
    ['no common free slot', (i) => {
      // a and c are both free only in slots 0 and 1; a is busy in 0, c in 1 (with more important meetings).
      i.meetings = [meeting('m1', ['a', 'b'], { priority: 2, allowedSlots: [0] }), meeting('m2', ['a', 'c']), meeting('m3', ['c', 'd'], { priority: 2, allowedSlots: [1] })];
      i.participants = [{ id: 'a', blockedSlots: [2, 3] }, { id: 'b', blockedSlots: [] }, { id: 'c', blockedSlots: [2, 3] }, { id: 'd', blockedSlots: [] }];
    }, 'no_common_free_slot'],
    ['no table', (i) => {
      i.tables = [{ id: 't0' }];
      i.slotCount = 1;
      i.sessionOfSlot = [0];
      i.meetings = [meeting('m1', ['a', 'b'], { priority: 2 }), meeting('m2', ['c', 'd'])];
      i.participants = ['a', 'b', 'c', 'd'].map((id) => ({ id, blockedSlots: [] }));
    }, 'no_table'],
    ['precedence', (i) => {
      i.meetings = [meeting('m1', ['a', 'b'], { locked: { slot: 0, tableId: null } }), meeting('m2', ['c', 'd'], { after: ['m1'], allowedSlots: [0] })];
      i.participants = ['a', 'b', 'c', 'd'].map((id) => ({ id, blockedSlots: [] }));
    }, 'precedence'],
  ])('%s', (_name, setup, reason) => {
    const input = makeInput({ slots: 4 });
    setup(input);
    const r = run(input);
    expect(r.unplaced).toHaveLength(1);
    expect(reasonOf(r, 'm2')).toBe(reason);
  });

  it('places the higher-priority meeting when capacity is short', () => {
    for (const [low, high] of [['m1', 'm2'], ['m2', 'm1']] as const) {
      const input = makeInput({
        slots: 2,
        meetings: [meeting('m1', ['a', 'b'], { priority: low === 'm1' ? 1 : 9 }), meeting('m2', ['a', 'c'], { priority: low === 'm2' ? 1 : 9 }), meeting('m3', ['a', 'd'], { priority: 5 })],
      });
      const r = run(input);
      expect(r.unplaced.map((u) => u.meetingId)).toEqual([low]);
      expect(slotOf(r, high)).toBeDefined();
    }
  });

  it('prefers placing more priority over fewer gaps', () => {
    // Placing both forces a gap on "a" (slot 1 is blocked for a); leaving one out would avoid it.
    const input = makeInput({ slots: 3, meetings: [meeting('m1', ['a', 'b']), meeting('m2', ['a', 'c'])] });
    input.participants.find((p) => p.id === 'a')!.blockedSlots = [1];
    const r = run(input);
    expect(r.stats.placed).toBe(2);
    expect(r.stats.totalGaps).toBe(1);
  });
});

describe('schedule: fairness and determinism', () => {
  it('reports fairness stats that hold', () => {
    // Each of a, b needs one gap (slot 1 blocked); the others have one meeting each.
    const input = makeInput({
      slots: 3,
      meetings: [meeting('m1', ['a', 'c']), meeting('m2', ['a', 'd']), meeting('m3', ['b', 'e']), meeting('m4', ['b', 'f'])],
      options: { timeBudgetMs: 200, fairness: 1, gapsAcrossSessions: false },
    });
    input.participants.find((p) => p.id === 'a')!.blockedSlots = [1];
    input.participants.find((p) => p.id === 'b')!.blockedSlots = [1];
    const r = run(input);
    expect(r.stats.fairnessMet).toBe(true);
    expect(r.stats.maxGaps - r.stats.minGaps).toBeLessThanOrEqual(1);
  });

  it('says so when the fairness bound cannot be met', () => {
    const input = makeInput({
      slots: 3,
      meetings: [meeting('m1', ['a', 'b']), meeting('m2', ['a', 'c'])],
      options: { timeBudgetMs: 200, fairness: 0, gapsAcrossSessions: false },
    });
    input.participants.find((p) => p.id === 'a')!.blockedSlots = [1];
    const r = run(input);
    expect(r.stats.placed).toBe(2);
    expect(r.stats.fairnessMet).toBe(false);
    expect(r.stats.provenOptimal).toBe(false);
  });

  it('gives the same schedule for the same seed', () => {
    const make = (seed: number) => {
      const meetings = Array.from({ length: 30 }, (_, i) => meeting(`m${i}`, [`p${i % 7}`, `q${(i * 3) % 11}`], { priority: i % 4 }));
      return makeInput({ slots: 8, tableCount: 3, meetings, options: { timeBudgetMs: 300, fairness: 2, gapsAcrossSessions: false, seed } });
    };
    const a = schedule(make(5));
    const b = schedule(make(5));
    expect(b.assignments).toEqual(a.assignments);
    expect(b.unplaced).toEqual(a.unplaced);
  });
});
