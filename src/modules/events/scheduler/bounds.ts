import type { Model } from './model.js';

const WORK_CAP = 4_000_000;

/**
 * A proven lower bound on total gaps for a given set of placed meetings: each participant alone,
 * ignoring everyone else, still needs as many gaps as the fewest blocks of consecutive slots their
 * meetings can fill (each meeting in a slot of its own domain) minus one. The sum over participants
 * bounds the total because the total is that same sum. Per participant we only prove 0, 1 or 2.
 * Only computed when every idle run counts (across sessions, or a single session); 0 otherwise.
 */
export function gapLowerBound(md: Model, placed: (x: number) => boolean): number {
  const { T } = md;
  let oneSession = true;
  for (let s = 1; s < T; s++) if (md.session[s] !== md.session[0]) oneSession = false;
  if (!md.across && !oneSession) return 0;
  let total = 0;
  for (let p = 0; p < md.P; p++) {
    const ms = Array.from(md.meetingsOf[p] as Int32Array).filter(placed);
    if (ms.length >= 2) total += participantBound(md, ms);
  }
  return total;
}

function participantBound(md: Model, ms: number[]): number {
  const { T } = md;
  const k = ms.length;
  const inW = new Uint8Array(T);
  const owner = new Int32Array(T);
  let work = 0;
  const fits = (): boolean => {
    owner.fill(-1);
    const seen = new Int32Array(T);
    let round = 0;
    const augment = (i: number): boolean => {
      const x = ms[i] as number;
      for (let s = 0; s < T; s++) {
        work++;
        if (inW[s] !== 1 || md.allowed[x * T + s] !== 1 || seen[s] === round) continue;
        seen[s] = round;
        const o = owner[s] as number;
        if (o < 0 || augment(o)) {
          owner[s] = i;
          return true;
        }
      }
      return false;
    };
    for (let i = 0; i < k; i++) {
      round++;
      if (!augment(i)) return false;
    }
    return true;
  };
  const setWindows = (a: number, la: number, b: number, lb: number): void => {
    inW.fill(0);
    for (let s = a; s < a + la; s++) inW[s] = 1;
    for (let s = b; s < b + lb; s++) inW[s] = 1;
  };
  for (let a = 0; a + k <= T; a++) {
    setWindows(a, k, 0, 0);
    if (fits()) return 0;
  }
  for (let la = 1; la < k; la++) {
    const lb = k - la;
    for (let a = 0; a + la < T; a++) {
      for (let b = a + la + 1; b + lb <= T; b++) {
        if (work > WORK_CAP) return 1;
        setWindows(a, la, b, lb);
        if (fits()) return 1;
      }
    }
  }
  return 2;
}
