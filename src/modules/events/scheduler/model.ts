import type { SchedulerInput } from './types.js';

/** The input compiled to dense indices and typed arrays, so the search never touches strings. */
export interface Model {
  T: number;
  P: number;
  M: number;
  session: Int32Array;
  across: boolean;
  maxMeetings: Int32Array;
  blocked: Uint8Array;
  meetParts: Int32Array[];
  meetingsOf: Int32Array[];
  onsite: Uint8Array;
  priority: Float64Array;
  locked: Int32Array;
  lockedTable: Int32Array;
  /** allowed[m*T+s]: the meeting may take slot s as far as its own rules and its participants' blocked slots go. */
  allowed: Uint8Array;
  domain: Int32Array[];
  preds: Int32Array[];
  succs: Int32Array[];
  capacity: number;
  fairness: number | null;
  fairAll: boolean;
  tableIndex: Map<string, number>;
  partIndex: Map<string, number>;
}

function indexIds(ids: string[], what: string): Map<string, number> {
  const map = new Map<string, number>();
  ids.forEach((id, i) => {
    if (map.has(id)) throw new Error(`duplicate ${what} id ${id}`);
    map.set(id, i);
  });
  return map;
}

export function buildModel(input: SchedulerInput): Model {
  const T = input.slotCount;
  const P = input.participants.length;
  const M = input.meetings.length;
  if (input.sessionOfSlot.length !== T) throw new Error('sessionOfSlot must have slotCount entries');
  const partIndex = indexIds(input.participants.map((p) => p.id), 'participant');
  const tableIndex = indexIds(input.tables.map((t) => t.id), 'table');
  const meetIndex = indexIds(input.meetings.map((m) => m.id), 'meeting');
  const inRange = (s: number): boolean => Number.isInteger(s) && s >= 0 && s < T;

  const blocked = new Uint8Array(P * T);
  const maxMeetings = new Int32Array(P);
  input.participants.forEach((p, i) => {
    for (const s of p.blockedSlots) if (inRange(s)) blocked[i * T + s] = 1;
    maxMeetings[i] = p.maxMeetings === undefined ? 0x3fffffff : Math.max(0, p.maxMeetings);
  });

  const meetParts: Int32Array[] = [];
  const onsite = new Uint8Array(M);
  const priority = new Float64Array(M);
  const locked = new Int32Array(M).fill(-1);
  const lockedTable = new Int32Array(M).fill(-1);
  const allowed = new Uint8Array(M * T);
  const domain: Int32Array[] = [];
  const preds: number[][] = Array.from({ length: M }, () => []);
  const succs: number[][] = Array.from({ length: M }, () => []);
  const meetingsOf: number[][] = Array.from({ length: P }, () => []);

  input.meetings.forEach((m, i) => {
    const parts = [...new Set(m.participants)].map((id) => {
      const p = partIndex.get(id);
      if (p === undefined) throw new Error(`meeting ${m.id}: unknown participant ${id}`);
      return p;
    });
    meetParts.push(Int32Array.from(parts));
    for (const p of parts) meetingsOf[p]?.push(i);
    onsite[i] = m.mode === 'onsite' ? 1 : 0;
    priority[i] = m.priority;
    if (m.locked) {
      if (!inRange(m.locked.slot)) throw new Error(`meeting ${m.id}: locked slot out of range`);
      locked[i] = m.locked.slot;
      if (m.locked.tableId !== null) {
        const t = tableIndex.get(m.locked.tableId);
        if (t === undefined) throw new Error(`meeting ${m.id}: unknown table ${m.locked.tableId}`);
        lockedTable[i] = t;
      }
    }
    const dom: number[] = [];
    const candidates = m.locked ? [m.locked.slot] : (m.allowedSlots ?? Array.from({ length: T }, (_, s) => s));
    for (const s of new Set(candidates)) {
      if (!inRange(s)) continue;
      if (!m.locked && parts.some((p) => blocked[p * T + s] === 1)) continue;
      allowed[i * T + s] = 1;
      dom.push(s);
    }
    dom.sort((a, b) => a - b);
    domain.push(Int32Array.from(dom));
    for (const pid of m.after ?? []) {
      const pre = meetIndex.get(pid);
      if (pre === undefined) throw new Error(`meeting ${m.id}: unknown predecessor ${pid}`);
      preds[i]?.push(pre);
      succs[pre]?.push(i);
    }
  });

  return {
    T,
    P,
    M,
    session: Int32Array.from(input.sessionOfSlot),
    across: input.options.gapsAcrossSessions,
    maxMeetings,
    blocked,
    meetParts,
    meetingsOf: meetingsOf.map((l) => Int32Array.from(l)),
    onsite,
    priority,
    locked,
    lockedTable,
    allowed,
    domain,
    preds: preds.map((l) => Int32Array.from(l)),
    succs: succs.map((l) => Int32Array.from(l)),
    capacity: input.tables.length,
    fairness: input.options.fairness,
    fairAll: input.options.fairnessOverAllParticipants ?? false,
    tableIndex,
    partIndex,
  };
}
