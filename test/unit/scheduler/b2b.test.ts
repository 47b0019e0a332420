import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkB2B } from '../../../bench/b2b/check.js';
import { INSTANCES_DIR, loadInstance, parseDzn } from '../../../bench/b2b/dzn.js';
import { toSchedulerInput } from '../../../bench/b2b/input.js';
import { schedule, validateSchedule } from '../../../src/modules/events/scheduler/index.js';
import { fakeClock } from './helpers.js';

const present = existsSync(INSTANCES_DIR);
if (!present) console.warn(`B2B instances not found at ${INSTANCES_DIR}: the real-instance tests are skipped`);

describe('B2B .dzn parsing', () => {
  it('reads the quirks: +1-shifted meetingsxBusiness, {0} in forbidden, fixed and precedences', () => {
    const inst = parseDzn(
      `nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 3; nMorningSlots = 2;
       requested = [|1, 2,1, 
       |3, 2,3, 
       |];
       meetingsxBusiness = [{1,2},{1,2,3},{1,3}];
       nMeetingsBusiness = [1,2,1];
       forbidden = [{0},{0,3},{}];
       fixed = [0,2];
       precedences = [{},{1}];`,
      'tiny',
    );
    expect(inst.requested).toEqual([[1, 2, 1], [3, 2, 3]]);
    expect(inst.forbidden).toEqual([[], [3], []]);
    expect(inst.fixed).toEqual([0, 2]);
    expect(inst.precedences).toEqual([[], [1]]);
  });

  it('refuses a meetingsxBusiness that disagrees with requested', () => {
    expect(() =>
      parseDzn(
        'nBusiness = 2; nMeetings = 1; nTables = 1; nTotalSlots = 2; nMorningSlots = 2; requested = [|1, 2,3, |]; meetingsxBusiness = [{1,2},{1}]; nMeetingsBusiness = [1,1]; forbidden = [{0},{0}]; fixed = [0]; precedences = [{}];',
        'bad',
      ),
    ).toThrow(/meetingsxBusiness/);
  });
});

describe.skipIf(!present)('real B2B originals, short budget: valid, not necessarily optimal', () => {
  it.each([['tic-12.original'], ['forumt-14.original'], ['forum-13.original']])('%s', (name) => {
    const inst = loadInstance(name);
    const input = toSchedulerInput(inst, { timeBudgetMs: 400 });
    input.options.now = fakeClock();
    const result = schedule(input);
    expect(validateSchedule(input, result)).toEqual([]);
    const sched = Object.fromEntries(result.assignments.map((a) => [a.meetingId, a.slot + 1]));
    const check = checkB2B(inst, sched);
    expect(check.errors).toEqual([]);
    expect(check.complete).toBe(true);
    expect(check.breaks).toBe(result.stats.totalGaps);
    expect(result.stats.gapLowerBound).toBeLessThanOrEqual(check.breaks);
  });
});

/**
 * The paper's break is any idle run between two meetings of one participant, the lunch pause
 * included: slots 1..nMorningSlots and the afternoon are one consecutive row. (Not counting the idle
 * slots around lunch gives 1 break on forum-13crafb, below its proven optimum of 6, so that reading
 * cannot be the paper's.) Participant 1 meets 2, 3 and 4 at fixed slots; 5 morning slots, 5 afternoon.
 */
describe('breaks around the morning/afternoon edge, as the paper counts them', () => {
  const dzn = (slots: [number, number, number], sessions: [number, number, number] = [3, 3, 3]): string =>
    `nBusiness = 4; nMeetings = 3; nTables = 3; nTotalSlots = 10; nMorningSlots = 5;
     requested = [|1, 2,${sessions[0]}, |1, 3,${sessions[1]}, |1, 4,${sessions[2]}, |];
     meetingsxBusiness = [{1,2,3,4},{1,2},{1,3},{1,4}];
     nMeetingsBusiness = [3,1,1,1];
     forbidden = [{0},{0},{0},{0}];
     fixed = [${slots.join(',')}];
     precedences = [{},{},{}];`;
  it.each([
    { name: 'last morning slot then first afternoon slot: no break', slots: [4, 5, 6] as [number, number, number], breaks: 0 },
    { name: 'idle end of morning before an afternoon meeting: one break', slots: [2, 3, 6] as [number, number, number], breaks: 1 },
    { name: 'idle start of afternoon after the last morning slot: one break', slots: [4, 5, 8] as [number, number, number], breaks: 1 },
    { name: 'idle on both sides of lunch is one idle run: one break', slots: [1, 2, 9] as [number, number, number], breaks: 1 },
    { name: 'a break in the morning and one across lunch: two', slots: [1, 3, 7] as [number, number, number], breaks: 2 },
    { name: 'all in the morning, back to back: none', slots: [1, 2, 3] as [number, number, number], breaks: 0 },
  ])('$name', ({ slots, breaks }) => {
    const inst = parseDzn(dzn(slots, [slots[0] <= 5 ? 1 : 2, 3, slots[2] <= 5 ? 1 : 2]), 'lunch');
    const input = toSchedulerInput(inst, { timeBudgetMs: 50 });
    input.options.now = fakeClock();
    const result = schedule(input);
    const sched = Object.fromEntries(result.assignments.map((a) => [a.meetingId, a.slot + 1]));
    expect(sched).toEqual({ '1': slots[0], '2': slots[1], '3': slots[2] });
    const check = checkB2B(inst, sched);
    expect(check.errors).toEqual([]);
    expect(check.breaks).toBe(breaks);
    expect(result.stats.totalGaps).toBe(breaks);
    // With breaks ≤ 2 for participant 1 and 0 for the others, fairness d = 2 holds: valid.
    expect(check.valid).toBe(true);
  });

  it('the fairness minimum is over all participants: a participant without meetings holds it at 0', () => {
    // Participant 5 has no meeting, so participant 1 may have at most 2 breaks: 3 breaks is invalid.
    const inst = parseDzn(
      `nBusiness = 5; nMeetings = 4; nTables = 4; nTotalSlots = 10; nMorningSlots = 5;
       requested = [|1, 2,3, |1, 3,3, |1, 4,3, |1, 2,3, |];
       meetingsxBusiness = [{1,2,3,4,5},{1,2,5},{1,3},{1,4},{1}];
       nMeetingsBusiness = [4,2,1,1,0];
       forbidden = [{0},{0},{0},{0},{0}];
       fixed = [1,3,6,9];
       precedences = [{},{},{},{}];`,
      'fair',
    );
    const check = checkB2B(inst, { '1': 1, '2': 3, '3': 6, '4': 9 });
    expect(check.breaks).toBe(3 + 1);
    expect(check.maxBreaks).toBe(3);
    expect(check.minBreaks).toBe(0);
    expect(check.valid).toBe(false);
    expect(check.errors.join(' ')).toMatch(/fairness/);
  });
});
