import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../../../src/modules/events/scheduler/index.js';
import type { SchedulerInput, SchedulerResult } from '../../../src/modules/events/scheduler/index.js';
import { makeInput, meeting } from './helpers.js';

function base(): SchedulerInput {
  const input = makeInput({
    slots: 4,
    tableCount: 2,
    meetings: [
      meeting('m1', ['a', 'b']),
      meeting('m2', ['a', 'c'], { after: ['m1'] }),
      meeting('m3', ['d', 'e'], { mode: 'online', allowedSlots: [0, 1] }),
      meeting('m4', ['c', 'e'], { locked: { slot: 3, tableId: 't1' } }),
    ],
  });
  input.participants.find((p) => p.id === 'd')!.blockedSlots = [2];
  input.participants.find((p) => p.id === 'b')!.maxMeetings = 1;
  return input;
}

function good(): SchedulerResult {
  return {
    assignments: [
      { meetingId: 'm1', slot: 0, tableId: 't0' },
      { meetingId: 'm2', slot: 1, tableId: 't0' },
      { meetingId: 'm3', slot: 0, tableId: null },
      { meetingId: 'm4', slot: 3, tableId: 't1' },
    ],
    unplaced: [],
    stats: { placed: 4, placedPriority: 4, totalGaps: 2, maxGaps: 1, minGaps: 0, gapLowerBound: 0, provenOptimal: false, fairnessMet: true, elapsedMs: 0, firstScheduleMs: 0, iterations: 0 },
  };
}

type Mutation = (input: SchedulerInput, result: SchedulerResult) => void;
const at = (r: SchedulerResult, id: string) => r.assignments.find((a) => a.meetingId === id)!;

describe('validateSchedule', () => {
  it('accepts the valid base schedule', () => {
    expect(validateSchedule(base(), good())).toEqual([]);
  });

  it.each<[string, Mutation, RegExp]>([
    ['participant in two meetings at once', (_i, r) => (at(r, 'm2').slot = 0), /participant a in m1 and m2/],
    ['expert double-booked too', (i, r) => {
      i.meetings[2]!.participants.push('a');
      at(r, 'm3').slot = 1;
    }, /participant a in m2 and m3/],
    ['blocked slot', (_i, r) => (at(r, 'm3').slot = 2), /d is blocked in slot 2/],
    ['slot outside allowedSlots', (i, r) => {
      i.participants.find((p) => p.id === 'd')!.blockedSlots = [];
      at(r, 'm3').slot = 2;
    }, /not allowed/],
    ['two onsite meetings at one table', (_i, r) => {
      at(r, 'm2').slot = 3;
      at(r, 'm2').tableId = 't1';
    }, /table t1 holds/],
    ['onsite meeting without a table', (_i, r) => (at(r, 'm1').tableId = null), /no valid table/],
    ['online meeting given a table', (_i, r) => (at(r, 'm3').tableId = 't0'), /online meeting m3/],
    ['maxMeetings exceeded', (i, r) => {
      i.meetings.push(meeting('m5', ['b', 'd']));
      r.assignments.push({ meetingId: 'm5', slot: 1, tableId: 't1' });
    }, /b has more than 1/],
    ['locked meeting moved', (_i, r) => (at(r, 'm4').slot = 2), /locked at slot 3/],
    ['locked meeting at another table', (_i, r) => (at(r, 'm4').tableId = 't0'), /locked at table t1/],
    ['precedence broken', (_i, r) => {
      at(r, 'm1').slot = 2;
      at(r, 'm2').slot = 1;
    }, /m2 must come after m1/],
    ['meeting missing from both lists', (_i, r) => r.assignments.splice(0, 1), /m1 is neither placed nor reported/],
    ['gap count misreported', (_i, r) => (r.stats.totalGaps = 0), /totalGaps/],
    ['fairness claimed but broken', (i) => {
      i.options.fairness = 0;
    }, /fairness bound 0/],
  ])('catches: %s', (_name, mutate, expected) => {
    const input = base();
    const result = good();
    mutate(input, result);
    const errors = validateSchedule(input, result);
    expect(errors.some((e) => expected.test(e)), errors.join('\n')).toBe(true);
  });
});
