import { describe, expect, it } from 'vitest';
import { buildSchedulerInput, meetingMode, placementsOf, slotsOf, type MapLocation, type MapParticipant, type MapRequest } from '../../../src/modules/events/schedule.mapping.js';
import { schedule, validateSchedule } from '../../../src/modules/events/scheduler/index.js';

const session = (id: string, startsAt: string, slotCount: number) => ({ id, startsAt: new Date(startsAt), slotMinutes: 20, bufferMinutes: 5, slotCount });
const part = (id: string, overrides: Partial<MapParticipant> = {}): MapParticipant => ({ id, side: 'supply', organizationId: `org-${id}`, attendance: 'onsite', maxMeetings: null, blocked: [], ...overrides });
const req = (id: string, a: string, b: string, overrides: Partial<MapRequest> = {}): MapRequest => ({ id, requesterId: a, otherId: b, priority: 50, expertIds: [], interpreterIds: [], ...overrides });
const options = { timeBudgetMs: 0, fairness: null, gapsAcrossSessions: false, seed: 1 };
const locations: MapLocation[] = [
  { id: 't1', kind: 'table', label: 'Bàn 01', onlineLinkTemplate: null, fixedOrganizationId: 'org-s2' },
  { id: 't2', kind: 'booth', label: 'Gian 02', onlineLinkTemplate: null, fixedOrganizationId: null },
  { id: 'r1', kind: 'online_room', label: 'Online', onlineLinkTemplate: 'https://meet.example/{event}/{meeting}', fixedOrganizationId: null },
];

describe('slots across sessions', () => {
  it('orders sessions by start, numbers slots through, and spaces them by slot + buffer', () => {
    const slots = slotsOf([session('pm', '2026-12-01T13:30:00+07:00', 2), session('am', '2026-12-01T08:30:00+07:00', 3)]);
    expect(slots.map((s) => [s.sessionId, s.slotInSession, s.index])).toEqual([['am', 0, 0], ['am', 1, 1], ['am', 2, 2], ['pm', 0, 3], ['pm', 1, 4]]);
    expect(slots[1]?.startsAt.toISOString()).toBe('2026-12-01T01:55:00.000Z');
    expect(slots[1]?.endsAt.toISOString()).toBe('2026-12-01T02:15:00.000Z');
  });
});

describe('meeting mode', () => {
  it.each([
    ['online', ['onsite', 'onsite'], 'online'],
    ['hybrid', ['onsite', 'online'], 'online'],
    ['hybrid', ['onsite', 'onsite'], 'onsite'],
    ['onsite', ['onsite', 'onsite'], 'onsite'],
  ] as const)('a %s event with %j attendees meets %s', (mode, attendance, expected) => {
    expect(meetingMode({ id: 'e', mode }, attendance.map((a, i) => part(`p${i}`, { attendance: a })))).toBe(expected);
  });
});

describe('scheduler input and placements', () => {
  const participants = [part('s1', { blocked: [{ sessionId: 'am', slots: [0] }] }), part('s2'), part('d1', { side: 'demand', maxMeetings: 1 }), part('d2', { side: 'demand', attendance: 'online' }), part('x1', { side: 'expert', organizationId: null })];
  const requests = [req('r1', 's1', 'd1', { expertIds: ['x1'] }), req('r2', 's2', 'd1'), req('r3', 's2', 'd2', { interpreterIds: ['x1'] }), req('r4', 's1', 'd2')];
  const sessions = [session('am', '2026-12-01T08:30:00+07:00', 2), session('pm', '2026-12-01T13:30:00+07:00', 2)];

  it('maps blocked slots, meeting limits, fixed tables, attendees and locks', () => {
    const { input } = buildSchedulerInput({ event: { id: 'e', mode: 'hybrid' }, sessions, locations, participants, requests, kept: new Map([['r2', { slot: 3, locationId: 't2' }]]), options });
    expect(input.slotCount).toBe(4);
    expect(input.sessionOfSlot).toEqual([0, 0, 1, 1]);
    expect(input.participants.find((p) => p.id === 's1')?.blockedSlots).toEqual([0]);
    expect(input.participants.find((p) => p.id === 'd1')?.maxMeetings).toBe(1);
    expect(input.tables).toEqual([{ id: 't1', fixedParticipant: 's2' }, { id: 't2' }]);
    expect(input.meetings.find((m) => m.id === 'r1')?.participants).toEqual(['s1', 'd1', 'x1']);
    expect(input.meetings.find((m) => m.id === 'r3')?.mode).toBe('online');
    expect(input.meetings.find((m) => m.id === 'r2')?.locked).toEqual({ slot: 3, tableId: 't2' });
  });

  it('turns a valid schedule into meetings with times, tables and room links', () => {
    const { input, slots } = buildSchedulerInput({ event: { id: 'e', mode: 'hybrid' }, sessions, locations, participants, requests, kept: new Map(), options });
    const result = schedule(input);
    expect(validateSchedule(input, result)).toEqual([]);
    const placements = placementsOf({ eventId: 'e', result, input, slots, locations, meetingIdOf: new Map([['r3', 'm3']]) });
    expect(placements.length + result.unplaced.length).toBe(4);
    for (const p of placements) {
      if (p.mode === 'online') {
        expect(p.locationId).toBe('r1');
        expect(p.onlineLink).toBe(`https://meet.example/e/${p.meetingId}`);
      } else expect(['t1', 't2']).toContain(p.locationId);
      expect(p.slot.endsAt.getTime() - p.slot.startsAt.getTime()).toBe(20 * 60_000);
    }
    expect(placements.find((p) => p.requestId === 'r3')?.meetingId).toBe('m3');
    // d1 takes one meeting at most.
    expect(placements.filter((p) => p.participantIds.includes('d1')).length).toBeLessThanOrEqual(1);
  });
});
