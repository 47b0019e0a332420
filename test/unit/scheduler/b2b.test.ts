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
