import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined | null;

/**
 * A full garbage collection of the calling thread, now. V8 collects its old generation when the
 * heap grows, not when it stops growing: after a national load the worker's main thread would
 * otherwise keep ~250 MB of read rows, already handed to the engine, until the writes allocate
 * enough to trigger a collection — at the run's peak. Node offers the collector only behind
 * --expose-gc; the flag is set here at run time (as test runners do for heap reports) so that the
 * worker's start command need not carry it. False where the collector could not be reached.
 */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    try {
      const exposed = (globalThis as { gc?: () => void }).gc;
      if (exposed) collect = exposed;
      else {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as () => void;
      }
    } catch {
      collect = null;
    }
  }
  if (!collect) return false;
  collect();
  return true;
}
