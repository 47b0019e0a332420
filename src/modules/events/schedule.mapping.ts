import { randomUUID } from 'node:crypto';
import type { SchedulerInput, SchedulerMeeting, SchedulerResult } from './scheduler/index.js';

/** The rows the mapping needs, as plain data (no database types beyond their shape). */
export interface MapEvent {
  id: string;
  mode: 'onsite' | 'online' | 'hybrid';
}
export interface MapSession {
  id: string;
  startsAt: Date;
  slotMinutes: number;
  bufferMinutes: number;
  slotCount: number;
}
export interface MapLocation {
  id: string;
  kind: 'table' | 'booth' | 'online_room';
  label: string;
  onlineLinkTemplate: string | null;
  fixedOrganizationId: string | null;
}
export interface MapParticipant {
  id: string;
  side: 'supply' | 'demand' | 'expert';
  organizationId: string | null;
  attendance: 'onsite' | 'online';
  maxMeetings: number | null;
  blocked: { sessionId: string; slots: number[] }[];
}
export interface MapRequest {
  id: string;
  requesterId: string;
  otherId: string;
  priority: number;
  expertIds: string[];
  interpreterIds: string[];
}
/** Where a kept meeting stays: its slot and, for onsite ones, its table (null: any free table). */
export interface Kept {
  slot: number;
  locationId: string | null;
}

export interface Slot {
  index: number;
  sessionId: string;
  slotInSession: number;
  startsAt: Date;
  endsAt: Date;
}

/** The event's slots across its sessions, in time order. */
export function slotsOf(sessions: readonly MapSession[]): Slot[] {
  const sorted = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  const slots: Slot[] = [];
  for (const s of sorted) {
    for (let i = 0; i < s.slotCount; i++) {
      const start = new Date(s.startsAt.getTime() + i * (s.slotMinutes + s.bufferMinutes) * 60_000);
      slots.push({ index: slots.length, sessionId: s.id, slotInSession: i, startsAt: start, endsAt: new Date(start.getTime() + s.slotMinutes * 60_000) });
    }
  }
  return slots;
}

/** Online when the event is online or any attendee joins online; otherwise at a table. */
export function meetingMode(event: MapEvent, attendees: readonly (MapParticipant | undefined)[]): 'onsite' | 'online' {
  if (event.mode === 'online') return 'online';
  return attendees.some((p) => p?.attendance === 'online') ? 'online' : 'onsite';
}

export function attendeesOf(r: MapRequest): string[] {
  return [...new Set([r.requesterId, r.otherId, ...r.expertIds, ...r.interpreterIds])];
}

export function buildSchedulerInput(args: {
  event: MapEvent;
  sessions: readonly MapSession[];
  locations: readonly MapLocation[];
  participants: readonly MapParticipant[];
  requests: readonly MapRequest[];
  kept: ReadonlyMap<string, Kept>;
  /** Added to the priority of kept (already confirmed) meetings that are free to move, so that nothing new displaces them. */
  keepBonus?: ReadonlyMap<string, number>;
  options: SchedulerInput['options'];
}): { input: SchedulerInput; slots: Slot[] } {
  const slots = slotsOf(args.sessions);
  const slotIndex = new Map(slots.map((s) => [`${s.sessionId}:${s.slotInSession}`, s.index]));
  const partById = new Map(args.participants.map((p) => [p.id, p]));
  const tables = args.locations.filter((l) => l.kind !== 'online_room');
  const input: SchedulerInput = {
    slotCount: slots.length,
    sessionOfSlot: [],
    participants: args.participants.map((p) => {
      const blockedSlots = p.blocked.flatMap((b) => b.slots.map((s) => slotIndex.get(`${b.sessionId}:${s}`)).filter((s): s is number => s !== undefined));
      return { id: p.id, blockedSlots, ...(p.maxMeetings !== null && { maxMeetings: p.maxMeetings }) };
    }),
    tables: tables.map((t) => {
      const keeper = t.fixedOrganizationId ? args.participants.find((p) => p.side === 'supply' && p.organizationId === t.fixedOrganizationId) : undefined;
      return { id: t.id, ...(keeper && { fixedParticipant: keeper.id }) };
    }),
    meetings: args.requests.map((r): SchedulerMeeting => {
      const participants = attendeesOf(r);
      const kept = args.kept.get(r.id);
      const mode = meetingMode(args.event, participants.map((id) => partById.get(id)));
      return {
        id: r.id,
        participants,
        priority: r.priority + (args.keepBonus?.get(r.id) ?? 0),
        mode,
        ...(kept && kept.slot < slots.length && { locked: { slot: kept.slot, tableId: mode === 'onsite' && kept.locationId && tables.some((t) => t.id === kept.locationId) ? kept.locationId : null } }),
      };
    }),
    options: args.options,
  };
  // Sessions are numbered in time order, as the scheduler expects consecutive slots of one session to share it.
  const order = [...new Set(slots.map((s) => s.sessionId))];
  input.sessionOfSlot = slots.map((s) => order.indexOf(s.sessionId));
  return { input, slots };
}

export interface Placement {
  meetingId: string;
  requestId: string;
  slot: Slot;
  locationId: string | null;
  mode: 'onsite' | 'online';
  onlineLink: string | null;
  participantIds: string[];
}

/**
 * Turns the scheduler's assignments into meetings: times from the slot, the table, and for online
 * meetings a room (spread over the online rooms in turn) and its link.
 */
export function placementsOf(args: {
  eventId: string;
  result: SchedulerResult;
  input: SchedulerInput;
  slots: readonly Slot[];
  locations: readonly MapLocation[];
  meetingIdOf: ReadonlyMap<string, string>;
}): Placement[] {
  const rooms = args.locations.filter((l) => l.kind === 'online_room').sort((a, b) => a.label.localeCompare(b.label));
  const byId = new Map(args.input.meetings.map((m) => [m.id, m]));
  const onlineInSlot = new Map<number, number>();
  const sorted = [...args.result.assignments].sort((a, b) => a.slot - b.slot || a.meetingId.localeCompare(b.meetingId));
  return sorted.map((a) => {
    const m = byId.get(a.meetingId) as SchedulerMeeting;
    const meetingId = args.meetingIdOf.get(a.meetingId) ?? randomUUID();
    let locationId = a.tableId;
    let onlineLink: string | null = null;
    if (m.mode === 'online') {
      const n = onlineInSlot.get(a.slot) ?? 0;
      onlineInSlot.set(a.slot, n + 1);
      const room = rooms.length > 0 ? rooms[n % rooms.length] : undefined;
      locationId = room?.id ?? null;
      onlineLink = room?.onlineLinkTemplate ? room.onlineLinkTemplate.replaceAll('{event}', args.eventId).replaceAll('{meeting}', meetingId) : null;
    }
    return { meetingId, requestId: a.meetingId, slot: args.slots[a.slot] as Slot, locationId, mode: m.mode, onlineLink, participantIds: m.participants };
  });
}
