import type { SchedulerInput, SchedulerResult } from '../../src/modules/events/scheduler/index.js';

/**
 * Independent of the scheduler's own validateSchedule: every hard rule re-checked from the input,
 * and gaps recounted (an idle run between two meetings of one session; none across sessions).
 */
export function checkTechconnect(input: SchedulerInput, result: SchedulerResult): { errors: string[]; gaps: number } {
  const errors: string[] = [];
  const byId = new Map(input.meetings.map((m) => [m.id, m]));
  const part = new Map(input.participants.map((p) => [p.id, p]));
  const tables = new Set(input.tables.map((t) => t.id));
  const busy = new Map<string, Set<number>>();
  const tableAt = new Set<string>();
  const slotOf = new Map<string, number>();
  for (const a of result.assignments) {
    const m = byId.get(a.meetingId);
    if (!m || slotOf.has(a.meetingId)) {
      errors.push(`bad or repeated meeting ${a.meetingId}`);
      continue;
    }
    slotOf.set(a.meetingId, a.slot);
    if (a.slot < 0 || a.slot >= input.slotCount) errors.push(`${a.meetingId}: slot out of range`);
    if (m.allowedSlots && !m.allowedSlots.includes(a.slot)) errors.push(`${a.meetingId}: slot not allowed`);
    for (const p of m.participants) {
      if (part.get(p)?.blockedSlots.includes(a.slot)) errors.push(`${a.meetingId}: ${p} blocked`);
      const set = busy.get(p) ?? new Set<number>();
      if (set.has(a.slot)) errors.push(`${p} double-booked in slot ${a.slot}`);
      set.add(a.slot);
      busy.set(p, set);
    }
    if (m.mode === 'online') {
      if (a.tableId !== null) errors.push(`${a.meetingId}: online meeting with a table`);
    } else if (a.tableId === null || !tables.has(a.tableId)) errors.push(`${a.meetingId}: onsite without a table`);
    else {
      const key = `${a.tableId}@${a.slot}`;
      if (tableAt.has(key)) errors.push(`table ${a.tableId} used twice in slot ${a.slot}`);
      tableAt.add(key);
    }
  }
  for (const p of input.participants) {
    if (p.maxMeetings !== undefined && (busy.get(p.id)?.size ?? 0) > p.maxMeetings) errors.push(`${p.id} over maxMeetings`);
  }
  for (const m of input.meetings) {
    const s = slotOf.get(m.id);
    if (s === undefined) continue;
    for (const pre of m.after ?? []) {
      const ps = slotOf.get(pre);
      if (ps !== undefined && ps >= s) errors.push(`${m.id} not after ${pre}`);
    }
  }
  const placedOrReported = new Set([...slotOf.keys(), ...result.unplaced.map((u) => u.meetingId)]);
  if (placedOrReported.size !== input.meetings.length) errors.push('some meetings neither placed nor reported');
  let gaps = 0;
  for (const set of busy.values()) {
    const s = [...set].sort((a, b) => a - b);
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1] as number;
      const b = s[i] as number;
      if (b - a > 1 && input.sessionOfSlot[a] === input.sessionOfSlot[b]) gaps++;
    }
  }
  return { errors, gaps };
}
