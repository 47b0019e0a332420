/**
 * A gap is a maximal run of idle slots between two meetings of the same participant. Idle time
 * before the first or after the last meeting is not a gap; with `acrossSessions` false, idle time
 * between two meetings of different sessions is not one either (the lunch or overnight pause).
 */
export function countGaps(busySlots: readonly number[], sessionOfSlot: readonly number[], acrossSessions: boolean): number {
  const sorted = [...new Set(busySlots)].sort((a, b) => a - b);
  let gaps = 0;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as number;
    const cur = sorted[i] as number;
    if (cur - prev > 1 && (acrossSessions || sessionOfSlot[prev] === sessionOfSlot[cur])) gaps++;
  }
  return gaps;
}

/** Same count on one participant's row of the occupancy grid (−1 = idle), without allocating. */
export function countGapsInRow(
  occ: Int32Array,
  base: number,
  slotCount: number,
  session: Int32Array,
  acrossSessions: boolean,
): number {
  let gaps = 0;
  let last = -1;
  for (let s = 0; s < slotCount; s++) {
    if ((occ[base + s] as number) < 0) continue;
    if (last >= 0 && s - last > 1 && (acrossSessions || session[s] === session[last])) gaps++;
    last = s;
  }
  return gaps;
}

/** Idle slots inside the gaps of one row: the search's tie-breaker, since shrinking a gap leads to closing it. */
export function idleInRow(occ: Int32Array, base: number, slotCount: number, session: Int32Array, acrossSessions: boolean): number {
  let idle = 0;
  let last = -1;
  for (let s = 0; s < slotCount; s++) {
    if ((occ[base + s] as number) < 0) continue;
    if (last >= 0 && (acrossSessions || session[s] === session[last])) idle += s - last - 1;
    last = s;
  }
  return idle;
}
