import type { State } from './state.js';
import type { UnplacedReason } from './types.js';

/**
 * Why x stayed out, judged against the final schedule: a participant at their maximum or with every
 * usable slot already taken by their own meetings, else the first rule that closes every slot.
 */
export function unplacedReason(st: State, x: number): UnplacedReason {
  const md = st.model;
  const T = md.T;
  const parts = md.meetParts[x] as Int32Array;
  for (const p of parts) {
    if ((st.count[p] as number) >= (md.maxMeetings[p] as number)) return 'participant_full';
    // Every slot this meeting could use is taken by p's own meetings: p has no room left for it.
    let room = false;
    for (const s of md.domain[x] as Int32Array) if ((st.occ[p * T + s] as number) < 0) room = true;
    if (!room) return 'participant_full';
  }
  let tableShort = false;
  let precedence = false;
  for (const s of md.domain[x] as Int32Array) {
    let free = true;
    for (const p of parts) if ((st.occ[p * T + s] as number) >= 0) free = false;
    if (!free) continue;
    if (!st.precedenceOk(x, s)) precedence = true;
    else if (md.onsite[x] && (st.onsiteCount[s] as number) >= md.capacity) tableShort = true;
  }
  if (tableShort) return 'no_table';
  if (precedence) return 'precedence';
  return 'no_common_free_slot';
}
