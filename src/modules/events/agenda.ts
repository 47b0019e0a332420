import type { Column } from '../registry/export.js';
import type { EventRow } from './access.js';
import { buildCalendar, localStamp } from './ics.js';
import type { MeetingView } from './meetings.service.js';

export type Names = Map<string, { id: string; side: string; organizationId: string | null; expertId: string | null; name: string }>;

/** "2026-12-01 09:00" in the event's zone. */
export const wallClock = (d: Date, timeZone: string) => {
  const s = localStamp(d, timeZone);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(9, 11)}:${s.slice(11, 13)}`;
};

/** One participant's agenda: each meeting with the other side, the experts, where and when. */
export function agendaOf(event: EventRow, participantId: string, meetings: MeetingView[], names: Names) {
  const person = (id: string) => {
    const p = names.get(id);
    return { participantId: id, side: p?.side ?? 'unknown', name: p?.name ?? '' };
  };
  return {
    eventId: event.id,
    participantId,
    timeZone: event.timeZone,
    meetings: meetings
      .filter((m) => m.status !== 'cancelled')
      .map((m) => {
        const [a, b, ...rest] = m.participantIds;
        // An expert or interpreter sees the first side as "with" and the second among the others present.
        const otherId = (a === participantId ? b : a) as string;
        const others = [a === participantId || b === participantId ? undefined : b, ...rest].filter((id): id is string => id !== undefined && id !== participantId);
        return {
          meetingId: m.id,
          status: m.status,
          sessionId: m.sessionId,
          slot: m.slot,
          startsAt: m.startsAt,
          endsAt: m.endsAt,
          localStart: wallClock(m.startsAt, event.timeZone),
          localEnd: wallClock(m.endsAt, event.timeZone),
          mode: m.mode,
          location: m.locationLabel,
          onlineLink: m.onlineLink,
          with: person(otherId),
          experts: others.map(person),
        };
      }),
  };
}

export function agendaCalendar(event: EventRow, agenda: ReturnType<typeof agendaOf>, meetings: MeetingView[]): string {
  const byId = new Map(meetings.map((m) => [m.id, m]));
  const name = event.name.vi ?? event.name.en ?? event.name.ko ?? 'ketnoi';
  return buildCalendar({
    name,
    timeZone: event.timeZone,
    events: agenda.meetings.map((m) => {
      const experts = m.experts.map((e) => e.name).filter(Boolean);
      const location = m.mode === 'online' ? (m.onlineLink ?? m.location ?? undefined) : (m.location ?? undefined);
      return {
        uid: `${m.meetingId}@ketnoi`,
        sequence: byId.get(m.meetingId)?.version ?? 1,
        stamp: byId.get(m.meetingId)?.updatedAt ?? new Date(),
        start: m.startsAt,
        end: m.endsAt,
        summary: `Gặp ${m.with.name || m.with.participantId} (${name})`,
        ...(location && { location }),
        description: [experts.length > 0 ? `Chuyên gia / Experts: ${experts.join(', ')}` : 'Không có chuyên gia / No experts', m.onlineLink ? `Online: ${m.onlineLink}` : undefined]
          .filter(Boolean)
          .join('\n'),
        ...(m.onlineLink && { url: m.onlineLink }),
        status: m.status === 'tentative' ? ('TENTATIVE' as const) : ('CONFIRMED' as const),
      };
    }),
  });
}

/** The organiser's full schedule, one row per meeting, for CSV and XLSX. */
export function scheduleColumns(event: EventRow, names: Names): Column[] {
  const side = (m: MeetingView, s: string) => m.participantIds.slice(0, 2).map((id) => names.get(id)).find((p) => p?.side === s)?.name ?? null;
  const get = (f: (m: MeetingView) => string | number | boolean | null): Column['get'] => (r) => f(r as unknown as MeetingView);
  return [
    { key: 'slot', get: get((m) => m.slot + 1) },
    { key: 'sessionId', get: get((m) => m.sessionId) },
    { key: 'slotInSession', get: get((m) => m.slotInSession + 1) },
    { key: 'start', get: get((m) => wallClock(m.startsAt, event.timeZone)) },
    { key: 'end', get: get((m) => wallClock(m.endsAt, event.timeZone)) },
    { key: 'table', get: get((m) => m.locationLabel) },
    { key: 'mode', get: get((m) => m.mode) },
    { key: 'supply', get: get((m) => side(m, 'supply')) },
    { key: 'demand', get: get((m) => side(m, 'demand')) },
    { key: 'experts', get: get((m) => m.participantIds.slice(2).map((id) => names.get(id)?.name ?? id).join('; ') || null) },
    { key: 'onlineLink', get: get((m) => m.onlineLink) },
    { key: 'status', get: get((m) => m.status) },
    { key: 'locked', get: get((m) => m.locked) },
    { key: 'meetingId', get: get((m) => m.id) },
  ];
}
