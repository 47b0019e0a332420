import { assignMinCost } from './hungarian.js';
import type { State } from './state.js';

const INF = 1e7;

/**
 * A large move for one participant p: take all of p's meetings out, then put them back into one
 * block of consecutive slots (so p has no gap), choosing the block and the order by an exact
 * min-cost assignment where a meeting's cost at a slot is the gaps (and idle slots) it adds to the
 * other participants. Leaves the meetings placed; returns false (state unchanged) when no block fits.
 * The caller judges the result on the exact cost and may undo it with `oldSlots`.
 */
export function windowMove(st: State, p: number, idleW: number, rng: () => number, ms: Int32Array, oldSlots: Int32Array): number {
  const md = st.model;
  const { T } = md;
  const all = md.meetingsOf[p] as Int32Array;
  let k = 0;
  for (const x of all) {
    if ((st.slotOf[x] as number) < 0) continue;
    if ((md.locked[x] as number) >= 0) return 0;
    ms[k] = x;
    oldSlots[k] = st.slotOf[x] as number;
    k++;
  }
  if (k < 2 || k > T) return 0;
  st.assign(ms, k, new Int32Array(k).fill(-1));
  // costAt[i*T+s]: what meeting i adds to its other participants at slot s (INF = cannot go there).
  const costAt = new Float64Array(k * T);
  for (let i = 0; i < k; i++) {
    const x = ms[i] as number;
    for (let s = 0; s < T; s++) {
      let c = 0;
      if (md.allowed[x * T + s] !== 1 || (md.onsite[x] && (st.onsiteCount[s] as number) >= md.capacity) || !st.precedenceOk(x, s)) c = INF;
      else {
        for (const q of md.meetParts[x] as Int32Array) {
          if (q === p) continue;
          if ((st.occ[q * T + s] as number) >= 0) {
            c = INF;
            break;
          }
          c += st.rowInsertCost(q, s, idleW);
        }
      }
      costAt[i * T + s] = c + rng() * 1e-3;
    }
  }
  let best: Int32Array | null = null;
  let bestStart = -1;
  let bestCost = Infinity;
  const cost = new Float64Array(k * k);
  for (let w = 0; w + k <= T; w++) {
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) cost[i * k + j] = Math.min(INF, costAt[i * T + w + j] as number);
    const sol = assignMinCost(cost, k, INF);
    if (!sol) continue;
    let total = 0;
    for (let i = 0; i < k; i++) total += cost[i * k + (sol[i] as number)] as number;
    if (total < bestCost) {
      bestCost = total;
      best = sol;
      bestStart = w;
    }
  }
  if (!best) {
    st.assign(ms, k, oldSlots);
    return 0;
  }
  const slots = new Int32Array(k);
  for (let i = 0; i < k; i++) slots[i] = bestStart + (best[i] as number);
  st.assign(ms, k, slots);
  for (let i = 0; i < k; i++) {
    if (!st.precedenceOk(ms[i] as number, slots[i] as number)) {
      st.assign(ms, k, oldSlots);
      return 0;
    }
  }
  return k;
}
