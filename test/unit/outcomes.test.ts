import { describe, expect, it } from 'vitest';
import type { OutcomeStage } from '../../src/db/schema/outcomes.js';
import { canMove, progress } from '../../src/modules/outcomes/outcomes.service.js';
import { followUpCutoff } from '../../src/modules/outcomes/reminders.js';
import { ratesOf, type Figures } from '../../src/modules/stats/stats.service.js';

describe('outcome stages', () => {
  it.each<[OutcomeStage, OutcomeStage, boolean]>([
    ['follow_up', 'nda', true],
    ['follow_up', 'contract_signed', true],
    ['mou', 'mou', true],
    ['mou', 'nda', false],
    ['contract_signed', 'abandoned', true],
    ['implemented', 'abandoned', false],
    ['abandoned', 'mou', false],
    ['abandoned', 'abandoned', true],
    ['contract_registered', 'implemented', true],
  ])('%s → %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  it.each<[string, Parameters<typeof progress>[0], OutcomeStage, { furthestStage: OutcomeStage; mouOn: string | null; contractOn: string | null }]>([
    ['a first report at follow-up', undefined, 'follow_up', { furthestStage: 'follow_up', mouOn: null, contractOn: null }],
    ['a first report straight at a contract also counts as an MoU', undefined, 'contract_signed', { furthestStage: 'contract_signed', mouOn: '2026-05-01', contractOn: '2026-05-01' }],
    ['an MoU reached later keeps its first date', { furthestStage: 'mou', mouOn: '2026-01-01', contractOn: null }, 'contract_registered', { furthestStage: 'contract_registered', mouOn: '2026-01-01', contractOn: '2026-05-01' }],
    ['abandoning keeps what was reached', { furthestStage: 'contract_signed', mouOn: '2026-01-01', contractOn: '2026-02-01' }, 'abandoned', { furthestStage: 'contract_signed', mouOn: '2026-01-01', contractOn: '2026-02-01' }],
    ['abandoned at the first report reached nothing', undefined, 'abandoned', { furthestStage: 'follow_up', mouOn: null, contractOn: null }],
  ])('%s', (_name, previous, stage, expected) => {
    expect(progress(previous, stage, '2026-05-01')).toEqual(expected);
  });

  it('reminds six calendar months after the meeting', () => {
    expect(followUpCutoff(new Date('2026-11-29T10:00:00Z')).toISOString()).toBe('2026-05-29T10:00:00.000Z');
  });
});

describe('funnel rates', () => {
  const figures = (f: Partial<Figures>): Figures => ({ demands: 0, offers: 0, supplyOrganizations: 0, experts: 0, proposals: 0, mutuallyAccepted: 0, meetingsScheduled: 0, meetingsHeld: 0, noShows: 0, mous: 0, contracts: 0, contractValueVnd: 0, ...f });

  it('divides each stage by the one before, to four decimals', () => {
    expect(ratesOf(figures({ proposals: 3, mutuallyAccepted: 2, meetingsScheduled: 3, meetingsHeld: 2, noShows: 1, mous: 1, contracts: 1 }))).toEqual({
      mutualAcceptance: 0.6667,
      scheduledPerAccepted: 1.5,
      meetingHeld: 0.6667,
      noShow: 0.3333,
      mouPerHeldMeeting: 0.5,
      contractPerMou: 1,
      contractPerHeldMeeting: 0.5,
    });
  });

  it('has no rate where the stage before is empty', () => {
    expect(Object.values(ratesOf(figures({ contracts: 1 }))).every((r) => r === null)).toBe(true);
  });
});
