import type { B2BInstance } from './dzn.js';

export interface B2BCheck {
  valid: boolean;
  complete: boolean;
  breaks: number;
  maxBreaks: number;
  minBreaks: number;
  errors: string[];
}

/**
 * Independent of the scheduler: re-checks a schedule (meeting number → slot, both 1-based) against
 * the raw instance and recounts the breaks as the paper defines them, with fairness over all
 * participants. `valid` = every hard rule holds for what is placed and fairness holds;
 * `complete` = every meeting is placed.
 */
export function checkB2B(inst: B2BInstance, schedule: Record<string, number>, d = 2): B2BCheck {
  const errors: string[] = [];
  const T = inst.nTotalSlots;
  const slot = (m: number): number | undefined => schedule[String(m)];
  const busy: number[][] = Array.from({ length: inst.nBusiness }, () => []);
  const perSlot = new Array<number>(T + 1).fill(0);
  let placed = 0;
  for (const key of Object.keys(schedule)) {
    const m = Number(key);
    if (!Number.isInteger(m) || m < 1 || m > inst.nMeetings) errors.push(`unknown meeting ${key}`);
  }
  inst.requested.forEach(([a, b, session], i) => {
    const m = i + 1;
    const s = slot(m);
    if (s === undefined) return;
    placed++;
    if (!Number.isInteger(s) || s < 1 || s > T) {
      errors.push(`meeting ${m}: slot ${s} out of 1..${T}`);
      return;
    }
    perSlot[s] = (perSlot[s] ?? 0) + 1;
    if (session === 1 && s > inst.nMorningSlots) errors.push(`meeting ${m} must be in the morning`);
    if (session === 2 && s <= inst.nMorningSlots) errors.push(`meeting ${m} must be in the afternoon`);
    const fixed = inst.fixed[i] ?? 0;
    if (fixed > 0 && fixed !== s) errors.push(`meeting ${m} is fixed to slot ${fixed}`);
    for (const p of [a, b]) {
      if (inst.forbidden[p - 1]?.includes(s)) errors.push(`meeting ${m}: participant ${p} forbidden in slot ${s}`);
      const row = busy[p - 1] as number[];
      if (row.includes(s)) errors.push(`participant ${p} twice in slot ${s}`);
      row.push(s);
    }
    for (const pre of inst.precedences[i] ?? []) {
      if (pre <= 0) continue;
      const ps = slot(pre);
      // An unplaced predecessor binds nothing (the core's rule); only an incomplete schedule has one.
      if (ps !== undefined && ps >= s) errors.push(`meeting ${pre} must be before meeting ${m}`);
    }
  });
  perSlot.forEach((n, s) => {
    if (n > inst.nTables) errors.push(`slot ${s} holds ${n} meetings for ${inst.nTables} tables`);
  });
  const perParticipant = busy.map((row) => {
    const sorted = [...row].sort((x, y) => x - y);
    let breaks = 0;
    for (let i = 1; i < sorted.length; i++) if ((sorted[i] as number) - (sorted[i - 1] as number) > 1) breaks++;
    return breaks;
  });
  const maxBreaks = Math.max(0, ...perParticipant);
  const minBreaks = Math.min(...perParticipant);
  if (maxBreaks - minBreaks > d) errors.push(`fairness: max ${maxBreaks} − min ${minBreaks} > ${d}`);
  return {
    valid: errors.length === 0,
    complete: placed === inst.nMeetings,
    breaks: perParticipant.reduce((x, y) => x + y, 0),
    maxBreaks,
    minBreaks,
    errors,
  };
}
