import type { Model } from './model.js';
import type { State } from './state.js';

/**
 * Most constrained first: a meeting whose participants have little slack (free slots minus meetings
 * asked of them) or whose own window is narrow goes before the easy ones; priority breaks ties.
 */
export function constructionOrder(md: Model): number[] {
  const { P, T, M } = md;
  const free = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    let f = 0;
    for (let s = 0; s < T; s++) if (md.blocked[p * T + s] === 0) f++;
    free[p] = f;
  }
  const key = new Float64Array(M);
  const order: number[] = [];
  for (let x = 0; x < M; x++) {
    if ((md.locked[x] as number) >= 0) continue;
    order.push(x);
    let slack = Infinity;
    for (const p of md.meetParts[x] as Int32Array) {
      const load = Math.min((md.meetingsOf[p] as Int32Array).length, md.maxMeetings[p] as number);
      slack = Math.min(slack, (free[p] as number) - load);
    }
    key[x] = Math.min(slack, (md.domain[x] as Int32Array).length);
  }
  order.sort((a, b) => (key[a] as number) - (key[b] as number) || (md.priority[b] as number) - (md.priority[a] as number) || a - b);
  return order;
}

export function placeLocked(md: Model, st: State): void {
  for (let x = 0; x < md.M; x++) {
    const s = md.locked[x] as number;
    if (s >= 0) st.place(x, s);
  }
}

/** Best free slot for x by the gaps it adds (ties at random); −1 when none is free. */
export function bestSlot(st: State, x: number, rng: () => number): number {
  const dom = st.model.domain[x] as Int32Array;
  let best = -1;
  let bestScore = Infinity;
  for (let i = 0; i < dom.length; i++) {
    const s = dom[i] as number;
    if (!st.canPlace(x, s)) continue;
    const score = st.insertDelta(x, s) + rng() * 0.5;
    if (score < bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return best;
}

export function greedy(st: State, order: readonly number[], rng: () => number): void {
  for (const x of order) {
    if ((st.slotOf[x] as number) >= 0) continue;
    const s = bestSlot(st, x, rng);
    if (s >= 0) st.place(x, s);
  }
}
