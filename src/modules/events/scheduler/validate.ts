import { countGaps } from './gaps.js';
import type { SchedulerInput, SchedulerResult } from './types.js';

/** Re-checks every hard rule on a result, from the input alone. [] = valid. */
export function validateSchedule(input: SchedulerInput, result: SchedulerResult): string[] {
  const errors: string[] = [];
  const T = input.slotCount;
  const meetings = new Map(input.meetings.map((m) => [m.id, m]));
  const participants = new Map(input.participants.map((p) => [p.id, p]));
  const tableIds = new Set(input.tables.map((t) => t.id));
  const slotOf = new Map<string, number>();
  const seen = new Set<string>();
  const busy = new Map<string, string>();
  const tableUse = new Map<string, string>();
  const load = new Map<string, number>();
  const busySlots = new Map<string, number[]>();

  for (const a of result.assignments) {
    const m = meetings.get(a.meetingId);
    if (!m) {
      errors.push(`unknown meeting ${a.meetingId}`);
      continue;
    }
    if (seen.has(a.meetingId)) errors.push(`meeting ${a.meetingId} placed twice`);
    seen.add(a.meetingId);
    if (!Number.isInteger(a.slot) || a.slot < 0 || a.slot >= T) {
      errors.push(`meeting ${a.meetingId}: slot ${a.slot} out of range`);
      continue;
    }
    slotOf.set(a.meetingId, a.slot);
    if (m.allowedSlots && !m.allowedSlots.includes(a.slot) && !m.locked) errors.push(`meeting ${a.meetingId}: slot ${a.slot} not allowed`);
    if (m.locked) {
      if (m.locked.slot !== a.slot) errors.push(`meeting ${a.meetingId}: locked at slot ${m.locked.slot}, placed at ${a.slot}`);
      if (m.locked.tableId !== null && m.locked.tableId !== a.tableId) errors.push(`meeting ${a.meetingId}: locked at table ${m.locked.tableId}`);
    }
    for (const pid of new Set(m.participants)) {
      const p = participants.get(pid);
      if (p?.blockedSlots.includes(a.slot) && !m.locked) errors.push(`meeting ${a.meetingId}: ${pid} is blocked in slot ${a.slot}`);
      const key = `${pid}@${a.slot}`;
      const other = busy.get(key);
      if (other !== undefined) errors.push(`participant ${pid} in ${other} and ${a.meetingId} in slot ${a.slot}`);
      busy.set(key, a.meetingId);
      load.set(pid, (load.get(pid) ?? 0) + 1);
      busySlots.set(pid, [...(busySlots.get(pid) ?? []), a.slot]);
    }
    if (m.mode === 'onsite') {
      if (a.tableId === null || !tableIds.has(a.tableId)) errors.push(`onsite meeting ${a.meetingId} has no valid table`);
      else {
        const key = `${a.tableId}@${a.slot}`;
        const other = tableUse.get(key);
        if (other !== undefined) errors.push(`table ${a.tableId} holds ${other} and ${a.meetingId} in slot ${a.slot}`);
        tableUse.set(key, a.meetingId);
      }
    } else if (a.tableId !== null) errors.push(`online meeting ${a.meetingId} was given a table`);
  }
  for (const p of input.participants) {
    if (p.maxMeetings !== undefined && (load.get(p.id) ?? 0) > p.maxMeetings) errors.push(`participant ${p.id} has more than ${p.maxMeetings} meetings`);
  }
  for (const m of input.meetings) {
    const s = slotOf.get(m.id);
    if (m.locked && s === undefined) errors.push(`locked meeting ${m.id} is not placed`);
    if (s === undefined) continue;
    for (const pre of m.after ?? []) {
      const ps = slotOf.get(pre);
      if (ps !== undefined && ps >= s) errors.push(`meeting ${m.id} must come after ${pre}`);
    }
  }
  const unplaced = new Set(result.unplaced.map((u) => u.meetingId));
  for (const m of input.meetings) {
    if (!seen.has(m.id) && !unplaced.has(m.id)) errors.push(`meeting ${m.id} is neither placed nor reported unplaced`);
    if (seen.has(m.id) && unplaced.has(m.id)) errors.push(`meeting ${m.id} is both placed and unplaced`);
  }
  const gaps = input.participants.map((p) => countGaps(busySlots.get(p.id) ?? [], input.sessionOfSlot, input.options.gapsAcrossSessions));
  const total = gaps.reduce((a, b) => a + b, 0);
  if (total !== result.stats.totalGaps) errors.push(`stats.totalGaps is ${result.stats.totalGaps}, recounted ${total}`);
  const d = input.options.fairness;
  if (d !== null && result.stats.fairnessMet) {
    const scope = input.options.fairnessOverAllParticipants ? gaps : gaps.filter((_, i) => (load.get(input.participants[i]?.id ?? '') ?? 0) > 0);
    if (scope.length > 0 && Math.max(...scope) - Math.min(...scope) > d) errors.push(`fairness bound ${d} broken while stats.fairnessMet is true`);
  }
  return errors;
}
