import type { Logger } from 'pino';
import { defaultJobOptions } from '../shared.js';
import type { JobContext, JobQueue, Processor } from '../queue.js';
import { latestChange } from '../../modules/matching/inputs.repository.js';
import { failRun, type Executor, type RunKind, type RunService } from '../../modules/matching/runs.service.js';
import { queueMatchingForChanges } from '../../modules/matching/triggers.js';

export interface MatchingProcessorDeps {
  runs: RunService;
  executor: Executor;
  queue: JobQueue;
  debounceMs: number;
  db: Parameters<typeof latestChange>[0];
}

/** Runs the job's attempt; on the last attempt a failure marks the run failed for good. */
async function attempt(deps: MatchingProcessorDeps, runId: string, context: JobContext) {
  try {
    const row = await deps.executor.execute(runId, context.log, (p) => context.updateProgress(p));
    return { runId, status: row.status, counts: row.counts };
  } catch (err) {
    if (context.attempt >= defaultJobOptions.attempts) await failRun(deps.db, runId, (err as Error).message);
    throw err;
  }
}

export function matchingRunProcessor(deps: MatchingProcessorDeps): Processor<'matching.run'> {
  return async ({ runId }, context) => attempt(deps, runId, context);
}

/**
 * 'changes' and 'nightly' create their run when they start, or resume the one a crash left
 * unfinished, so a retried job never begins a second run.
 */
function changeRunProcessor(deps: MatchingProcessorDeps, kind: RunKind) {
  return async (_payload: Record<string, never>, context: JobContext) => {
    const previous = await deps.runs.lastWatermark();
    let row = await deps.runs.unfinished(kind);
    if (!row) {
      const latest = await latestChange(deps.db);
      // Nothing changed since the last run covered everything: the nightly run still expires stale proposals.
      if (kind === 'changes' && (!latest || (previous && latest <= previous))) return { skipped: 'no changes' };
      row = await deps.runs.create({ kind, scope: { kind: 'changed', since: null } });
    }
    const result = await attempt(deps, row.id, context);
    // Changes that arrived while the run was loading get a run of their own.
    const latest = await latestChange(deps.db);
    const covered = await deps.runs.lastWatermark();
    if (latest && (!covered || latest > covered)) await queueMatchingForChanges(deps.queue, deps.debounceMs, context.log as Logger);
    return result;
  };
}

export const matchingChangesProcessor = (deps: MatchingProcessorDeps): Processor<'matching.changes'> => changeRunProcessor(deps, 'changes');
export const matchingNightlyProcessor = (deps: MatchingProcessorDeps): Processor<'matching.nightly'> => changeRunProcessor(deps, 'nightly');
