import type { Model } from './model.js';
import type { SchedulerInput } from './types.js';

/**
 * Tables per slot once the slots are fixed. The search already keeps onsite meetings per slot within
 * the number of tables, so this always succeeds: locked tables first, then suppliers at their own
 * table, then the rest on the free tables, unowned ones first so owned tables stay free for owners.
 */
export function assignTables(input: SchedulerInput, md: Model, slotOf: Int32Array): (number | null)[] {
  const nTables = input.tables.length;
  const ownerOf = new Int32Array(nTables).fill(-1);
  const tableOfOwner = new Map<number, number>();
  input.tables.forEach((t, i) => {
    if (t.fixedParticipant === undefined) return;
    const p = md.partIndex.get(t.fixedParticipant);
    if (p === undefined) return;
    ownerOf[i] = p;
    if (!tableOfOwner.has(p)) tableOfOwner.set(p, i);
  });
  const tableOf: (number | null)[] = new Array<number | null>(md.M).fill(null);
  const bySlot: number[][] = Array.from({ length: md.T }, () => []);
  for (let x = 0; x < md.M; x++) {
    const s = slotOf[x] as number;
    if (s >= 0 && md.onsite[x]) bySlot[s]?.push(x);
  }
  const tableOrder = Array.from({ length: nTables }, (_, i) => i).sort(
    (a, b) => Number((ownerOf[a] as number) >= 0) - Number((ownerOf[b] as number) >= 0) || a - b,
  );
  const used = new Uint8Array(nTables);
  for (const list of bySlot) {
    used.fill(0);
    const rest: number[] = [];
    for (const x of list) {
      const t = md.lockedTable[x] as number;
      if (t >= 0) {
        tableOf[x] = t;
        used[t] = 1;
      }
    }
    for (const x of list) {
      if (tableOf[x] !== null) continue;
      let own = -1;
      for (const p of md.meetParts[x] as Int32Array) {
        const t = tableOfOwner.get(p);
        if (t !== undefined && used[t] === 0) {
          own = t;
          break;
        }
      }
      if (own >= 0) {
        tableOf[x] = own;
        used[own] = 1;
      } else rest.push(x);
    }
    let cursor = 0;
    for (const x of rest) {
      while (cursor < nTables && used[tableOrder[cursor] as number] === 1) cursor++;
      const t = tableOrder[cursor];
      if (t === undefined) break;
      tableOf[x] = t;
      used[t] = 1;
    }
  }
  return tableOf;
}
