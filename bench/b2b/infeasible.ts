import type { B2BInstance } from './dzn.js';

/**
 * Cheap proofs that no complete schedule exists, so that an incomplete result is reported as
 * "infeasible" only with a reason. Returns null when none of these proofs applies (which does not
 * mean the instance is feasible).
 */
export function infeasibilityProof(inst: B2BInstance): string | null {
  const T = inst.nTotalSlots;
  const domain = inst.requested.map(([a, b, session], i) => {
    const fixed = inst.fixed[i] ?? 0;
    const out: number[] = [];
    for (let s = 1; s <= T; s++) {
      if (session === 1 && s > inst.nMorningSlots) continue;
      if (session === 2 && s <= inst.nMorningSlots) continue;
      if (fixed > 0 && s !== fixed) continue;
      if (inst.forbidden[a - 1]?.includes(s) || inst.forbidden[b - 1]?.includes(s)) continue;
      out.push(s);
    }
    return out;
  });
  const empty = domain.findIndex((d) => d.length === 0);
  if (empty >= 0) return `meeting ${empty + 1} has no allowed slot`;
  if (inst.nMeetings > inst.nTables * T) return 'more meetings than tables × slots';
  const fixedPerSlot = new Map<number, number>();
  for (const f of inst.fixed) if (f > 0) fixedPerSlot.set(f, (fixedPerSlot.get(f) ?? 0) + 1);
  for (const [s, n] of fixedPerSlot) if (n > inst.nTables) return `${n} meetings fixed to slot ${s} for ${inst.nTables} tables`;
  // Each participant alone: their meetings need distinct slots from their own domains (matching).
  for (let p = 1; p <= inst.nBusiness; p++) {
    const ms = inst.requested.flatMap(([a, b], i) => (a === p || b === p ? [i] : []));
    const owner = new Map<number, number>();
    const augment = (m: number, seen: Set<number>): boolean => {
      for (const s of domain[m] ?? []) {
        if (seen.has(s)) continue;
        seen.add(s);
        const o = owner.get(s);
        if (o === undefined || augment(o, seen)) {
          owner.set(s, m);
          return true;
        }
      }
      return false;
    };
    for (const m of ms) if (!augment(m, new Set())) return `participant ${p} cannot fit their ${ms.length} meetings into distinct allowed slots`;
  }
  // Precedences against fixed slots and windows: earliest and latest slot along the chains.
  const earliest = domain.map((d) => d[0] as number);
  const latest = domain.map((d) => d[d.length - 1] as number);
  for (let round = 0; round <= inst.nMeetings; round++) {
    let changed = false;
    inst.precedences.forEach((pre, i) => {
      for (const q of pre) {
        if (q <= 0) continue;
        if ((earliest[q - 1] as number) + 1 > (earliest[i] as number)) {
          earliest[i] = (earliest[q - 1] as number) + 1;
          changed = true;
        }
        if ((latest[i] as number) - 1 < (latest[q - 1] as number)) {
          latest[q - 1] = (latest[i] as number) - 1;
          changed = true;
        }
      }
    });
    const bad = earliest.findIndex((e, i) => e > (latest[i] as number));
    if (bad >= 0) return `meeting ${bad + 1}: its precedences leave no slot`;
    if (!changed) break;
  }
  return null;
}
