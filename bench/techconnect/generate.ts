import type { SchedulerInput, SchedulerMeeting } from '../../src/modules/events/scheduler/index.js';
import { makeRng } from '../../src/modules/events/scheduler/rng.js';

const SESSIONS = 5;
const SLOTS_PER_SESSION = 20;
const TABLES = 250;
const SUPPLIERS = 350;
const DEMANDERS = 600;
const EXPERTS = 50;
const REQUESTED = 4000;
const BLOCKED_SHARE = 0.1;

/**
 * A Techconnect-sized event, seeded: suppliers (the first 250 keep a table), demanders and experts;
 * popular suppliers are asked more often (a skewed draw); 10 % of (participant, slot) pairs blocked;
 * ~10 % of meetings bring an expert, ~30 % are online, ~15 % are limited to one or two sessions,
 * ~5 % are must-meet (priority boosted), ~5 % of demanders cap their meetings, and ~1 % of
 * meetings follow an earlier one of the same pair of sides.
 */
export function generateTechconnect(opts: { seed: number; timeBudgetMs: number }): SchedulerInput {
  const rng = makeRng(opts.seed);
  const T = SESSIONS * SLOTS_PER_SESSION;
  const int = (n: number): number => Math.floor(rng() * n);
  const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => `s${i + 1}`);
  const demanders = Array.from({ length: DEMANDERS }, (_, i) => `d${i + 1}`);
  const experts = Array.from({ length: EXPERTS }, (_, i) => `e${i + 1}`);
  const participants = [...suppliers, ...demanders, ...experts].map((id) => {
    const blockedSlots: number[] = [];
    for (let s = 0; s < T; s++) if (rng() < BLOCKED_SHARE) blockedSlots.push(s);
    return { id, blockedSlots, ...(id.startsWith('d') && rng() < 0.05 ? { maxMeetings: 3 + int(4) } : {}) };
  });
  const tables = Array.from({ length: TABLES }, (_, i) => ({ id: `T${i + 1}`, fixedParticipant: suppliers[i] as string }));
  const seen = new Set<string>();
  const meetings: SchedulerMeeting[] = [];
  while (meetings.length < REQUESTED) {
    // rng()^2 skews towards the first suppliers: a few are in demand, most get a handful.
    const s = suppliers[Math.floor(rng() ** 2 * SUPPLIERS)] as string;
    const d = demanders[int(DEMANDERS)] as string;
    const key = `${s}|${d}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const parts = [s, d];
    if (rng() < 0.1) parts.push(experts[int(EXPERTS)] as string);
    const m: SchedulerMeeting = {
      id: `m${meetings.length + 1}`,
      participants: parts,
      priority: Math.round(rng() * 100) + (rng() < 0.05 ? 100 : 0),
      mode: rng() < 0.3 ? 'online' : 'onsite',
    };
    if (rng() < 0.15) {
      const first = int(SESSIONS);
      const second = rng() < 0.5 ? (first + 1) % SESSIONS : first;
      m.allowedSlots = [];
      for (let slot = 0; slot < T; slot++) {
        const sess = Math.floor(slot / SLOTS_PER_SESSION);
        if (sess === first || sess === second) m.allowedSlots.push(slot);
      }
    }
    if (rng() < 0.01 && meetings.length > 0) m.after = [(meetings[int(meetings.length)] as SchedulerMeeting).id];
    meetings.push(m);
  }
  return {
    slotCount: T,
    sessionOfSlot: Array.from({ length: T }, (_, s) => Math.floor(s / SLOTS_PER_SESSION)),
    participants,
    tables,
    meetings,
    options: { timeBudgetMs: opts.timeBudgetMs, fairness: null, gapsAcrossSessions: false, seed: opts.seed },
  };
}

/**
 * An upper bound on how many meetings any schedule can place:
 * - a meeting whose participants share no free allowed slot can never be placed;
 * - participant p can hold at most cap(p) = min(maxMeetings, free slots) meetings, so at least
 *   excess(p) = (p's placeable meetings) − cap(p) of them stay out. Over a set of participants no two
 *   of whom share a meeting (picked greedily, largest excess first), the excesses add up: one
 *   unplaced meeting relieves at most one of them. Over everyone, at least ⌈Σ excess / k⌉ stay out,
 *   k = the most participants in one meeting;
 * - onsite meetings are at most tables × slots.
 */
export function placementUpperBound(input: SchedulerInput): { upperBound: number; noCommonSlot: number; participantExcess: number; tableCapacity: number } {
  const T = input.slotCount;
  const blocked = new Map(input.participants.map((p) => [p.id, new Set(p.blockedSlots)]));
  const placeable = input.meetings.filter((m) => {
    const slots = m.allowedSlots ?? Array.from({ length: T }, (_, s) => s);
    return slots.some((s) => m.participants.every((p) => !blocked.get(p)?.has(s)));
  });
  const degree = new Map<string, number>();
  const partners = new Map<string, Set<string>>();
  let k = 1;
  for (const m of placeable) {
    k = Math.max(k, m.participants.length);
    for (const p of m.participants) {
      degree.set(p, (degree.get(p) ?? 0) + 1);
      const set = partners.get(p) ?? new Set<string>();
      for (const q of m.participants) if (q !== p) set.add(q);
      partners.set(p, set);
    }
  }
  const excess = input.participants.map((p) => {
    const cap = Math.min(p.maxMeetings ?? Infinity, T - (blocked.get(p.id)?.size ?? 0));
    return { id: p.id, excess: Math.max(0, (degree.get(p.id) ?? 0) - cap) };
  });
  const sum = excess.reduce((a, e) => a + e.excess, 0);
  const chosen = new Set<string>();
  let independent = 0;
  for (const e of [...excess].sort((a, b) => b.excess - a.excess)) {
    if (e.excess === 0) break;
    if ([...(partners.get(e.id) ?? [])].some((q) => chosen.has(q))) continue;
    chosen.add(e.id);
    independent += e.excess;
  }
  const participantExcess = Math.max(independent, Math.ceil(sum / k));
  const onsite = placeable.filter((m) => m.mode === 'onsite').length;
  const tableCapacity = input.tables.length * T;
  const upperBound = Math.min(placeable.length - participantExcess, placeable.length - Math.max(0, onsite - tableCapacity));
  return { upperBound, noCommonSlot: input.meetings.length - placeable.length, participantExcess, tableCapacity };
}
