import { randInt } from './rng.js';
import type { State } from './state.js';

/**
 * What must leave for meeting x to take slot s: meetings of its participants there, predecessors
 * at or after s and successors at or before it, one meeting of each participant already at their
 * maximum, and one onsite meeting when the tables are full. Fills `out`; false when something
 * locked is in the way.
 */
export type Blockers = (x: number, s: number, out: number[]) => boolean;

export function makeBlockers(st: State, rng: () => number): Blockers {
  const md = st.model;
  const T = md.T;
  const mark = new Int32Array(md.M).fill(-1);
  let tag = 0;
  let out: number[] = [];

  const add = (y: number): boolean => {
    if ((md.locked[y] as number) >= 0) return false;
    if (mark[y] !== tag) {
      mark[y] = tag;
      out.push(y);
    }
    return true;
  };

  /** Ejects the lowest-priority movable placed meeting of a list (sampled when the list is long). */
  const cheapest = (list: Int32Array, len: number, onsiteOnly: boolean): boolean => {
    let pick = -1;
    const tries = Math.min(len, 8);
    for (let k = 0; k < tries; k++) {
      const y = list[len <= 8 ? k : randInt(rng, len)] as number;
      if ((st.slotOf[y] as number) < 0 || mark[y] === tag || (md.locked[y] as number) >= 0) continue;
      if (onsiteOnly && !md.onsite[y]) continue;
      if (pick < 0 || (md.priority[y] as number) < (md.priority[pick] as number)) pick = y;
    }
    return pick >= 0 && add(pick);
  };

  return (x, s, target) => {
    tag++;
    out = target;
    out.length = 0;
    const parts = md.meetParts[x] as Int32Array;
    for (const p of parts) {
      const y = st.occ[p * T + s] as number;
      if (y >= 0 && !add(y)) return false;
    }
    for (const y of md.preds[x] as Int32Array) {
      if ((st.slotOf[y] as number) >= s && !add(y)) return false;
    }
    for (const y of md.succs[x] as Int32Array) {
      const ys = st.slotOf[y] as number;
      if (ys >= 0 && ys <= s && !add(y)) return false;
    }
    for (const p of parts) {
      let load = st.count[p] as number;
      for (const y of out) if ((md.meetParts[y] as Int32Array).includes(p)) load--;
      if (load < (md.maxMeetings[p] as number)) continue;
      const mine = md.meetingsOf[p] as Int32Array;
      if (!cheapest(mine, mine.length, false)) return false;
    }
    if (md.onsite[x]) {
      let load = st.onsiteCount[s] as number;
      for (const y of out) if (md.onsite[y] && st.slotOf[y] === s) load--;
      if (load >= md.capacity && !cheapest(st.slotList[s] as Int32Array, st.slotLen[s] as number, true)) return false;
    }
    return true;
  };
}
