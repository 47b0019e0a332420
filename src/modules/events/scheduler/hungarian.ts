/**
 * Minimum-cost perfect assignment of n rows to n columns (Hungarian method with potentials,
 * O(n³)). cost[i*n+j] (entries ≥ inf are forbidden); returns the column of each row, or null when
 * the best assignment needs a forbidden entry.
 */
export function assignMinCost(cost: Float64Array, n: number, inf: number): Int32Array | null {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = (cost[(i0 - 1) * n + (j - 1)] as number) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else minv[j] = (minv[j] as number) - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowCol = new Int32Array(n);
  for (let j = 1; j <= n; j++) {
    const i = p[j] as number;
    if (i <= 0) continue;
    rowCol[i - 1] = j - 1;
    // Costs can be negative, so a forbidden entry can hide in a total below inf: check each one.
    if ((cost[(i - 1) * n + (j - 1)] as number) >= inf) return null;
  }
  return rowCol;
}
