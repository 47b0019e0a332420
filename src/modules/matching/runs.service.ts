import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Db } from '../../db/client.js';
import { matchRuns, type RunCounts, type RunScope } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import type { JobQueue } from '../../jobs/queue.js';
import { collectGarbage } from '../../lib/gc.js';
import type { ActionContext } from '../access/caller.js';
import { decodeCursor, encodeCursor, filterFingerprint } from '../registry/cursor.js';
import type { EngineApi } from './engine/host.js';
import { changedIds, demandChanges, latestChange, loadExperts, matchableIds, offerChanges } from './inputs.repository.js';
import { expireStale, runConstraints, supersede, upsertProposals, type CreatedProposal, type RunRecords } from './proposals.repository.js';
import { hasSubscribers } from '../webhooks/webhooks.service.js';
import { ALGORITHM_VERSION } from './scoring/params.js';
import type { MatchParams } from './scoring/types.js';

export type RunRow = typeof matchRuns.$inferSelect;
export type RunKind = RunRow['kind'];

/** One lock for every matching run in the deployment: runs never overlap. */
export const MATCHING_LOCK = 0x6b6e_6d31;
/** Proposals written per transaction; the checkpoint advances with each. */
export const WRITE_CHUNK = 1_000;

/** Records read by a run's load above which this thread collects its garbage right after (see collectGarbage). */
const LARGE_LOAD = 10_000;
const RUN = { en: 'Matching run', vi: 'lượt ghép nối' };

export interface RunServiceDeps {
  database: Database;
  queue?: JobQueue;
  params: MatchParams;
  proposalTtlDays: number;
  now?: () => Date;
}

/**
 * Where the engine's warm index stands: records changed up to `until` are in it, and validity was
 * checked as of `asOf`. Kept per process with the engine.
 */
interface SyncState {
  until: Date | null;
  asOf: Date;
}

/** Matching runs: queued by the API, the record-change trigger or the nightly scheduler; executed by the worker. */
export function createRunService(deps: RunServiceDeps) {
  const { db } = deps.database;
  const now = deps.now ?? (() => new Date());

  async function create(input: { kind: RunKind; scope: RunScope; ctx?: ActionContext }): Promise<RunRow> {
    const [row] = await db
      .insert(matchRuns)
      .values({
        kind: input.kind,
        scope: input.scope,
        status: 'queued',
        algorithmVersion: ALGORITHM_VERSION,
        params: { ...deps.params, proposalTtlDays: deps.proposalTtlDays },
        asOf: now(),
        clientId: input.ctx?.caller.clientId ?? null,
        clientName: input.ctx?.caller.name ?? 'system',
        requestId: input.ctx?.requestId ?? null,
      })
      .returning();
    return row as RunRow;
  }

  return {
    create,

    /** Creates a run and queues it (after the insert is committed); the queue refusing removes it again. */
    async enqueue(input: { kind: RunKind; scope: RunScope; ctx?: ActionContext }): Promise<RunRow> {
      const row = await create(input);
      try {
        await deps.queue?.add('matching.run', { runId: row.id }, { jobId: `match-run-${row.id}` });
      } catch (err) {
        await db.delete(matchRuns).where(eq(matchRuns.id, row.id));
        throw err;
      }
      return row;
    },

    async get(id: string): Promise<RunRow> {
      const [row] = await db.select().from(matchRuns).where(eq(matchRuns.id, id));
      if (!row) throw notFound(RUN, id, 'RUN_NOT_FOUND');
      return row;
    },

    async list(query: { status?: RunRow['status']; kind?: RunKind; limit: number; cursor?: string }): Promise<{ items: RunRow[]; nextCursor: string | null }> {
      const fingerprint = filterFingerprint({ status: query.status, kind: query.kind, list: 'runs' });
      const after = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
      const rows = await db
        .select()
        .from(matchRuns)
        .where(
          and(
            query.status ? eq(matchRuns.status, query.status) : undefined,
            query.kind ? eq(matchRuns.kind, query.kind) : undefined,
            after ? or(lt(matchRuns.createdAt, new Date(String(after.value))), and(eq(matchRuns.createdAt, new Date(String(after.value))), lt(matchRuns.id, after.id))) : undefined,
          ),
        )
        .orderBy(desc(matchRuns.createdAt), desc(matchRuns.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.createdAt.toISOString(), id: last.id }, fingerprint) : null };
    },

    lastWatermark: () => lastWatermarkOf(db),

    /** A run of this kind that was started but not finished (a crash): resumed rather than begun again. */
    async unfinished(kind: RunKind): Promise<RunRow | undefined> {
      const [row] = await db
        .select()
        .from(matchRuns)
        .where(and(eq(matchRuns.kind, kind), inArray(matchRuns.status, ['queued', 'running'])))
        .orderBy(matchRuns.createdAt)
        .limit(1);
      return row;
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;

export interface Executor {
  execute(runId: string, log: Logger, progress?: (p: number) => Promise<void>): Promise<RunRow>;
  close(): Promise<void>;
}

/**
 * The worker's side: executes runs one at a time (advisory lock) on a warm engine. A run is
 * deterministic given the data and its stored clock (asOf), its writes are idempotent upserts, and
 * chunks already written are skipped after a restart, so a run killed half-way and run again ends
 * with exactly the proposals of an undisturbed run.
 */
export function createRunExecutor(deps: RunServiceDeps & { engine: EngineApi }): Executor {
  const { database, engine } = deps;
  const { db } = database;
  const now = deps.now ?? (() => new Date());
  let state: SyncState | undefined;

  const update = (id: string, values: Partial<RunRow>) => db.update(matchRuns).set(values).where(eq(matchRuns.id, id));

  /** Brings the engine's index up to date: everything on first use, then only what changed. */
  async function sync(asOf: Date, full: boolean) {
    const until = await latestChange(db);
    const fresh = full || !state || asOf < state.asOf;
    if (fresh) await engine.reset();
    const since = fresh ? null : (state?.until ?? null);
    const expiredSince = fresh ? null : (state?.asOf ?? null);
    let read = 0;
    if (fresh || since !== null || expiredSince !== null) {
      await feed(offerChanges(db, since, asOf, expiredSince), (batch) => ((read += batch.upsert.length), engine.sync({ offers: batch.upsert, removeOffers: batch.remove })));
      await feed(demandChanges(db, since, asOf, expiredSince), (batch) => ((read += batch.upsert.length), engine.sync({ demands: batch.upsert, removeDemands: batch.remove })));
    }
    // The rows read are the engine's now: a large load's garbage is collected before the run peaks.
    if (read >= LARGE_LOAD) collectGarbage();
    const sizes = await engine.sync({ experts: await loadExperts(db) });
    state = { until, asOf };
    return { ...sizes, watermark: until };
  }

  async function records(scope: RunScope, asOf: Date, watermark: Date | null, previous: Date | null): Promise<RunRecords> {
    switch (scope.kind) {
      case 'all':
        return 'all';
      case 'province':
        return matchableIds(db, asOf, { province: scope.province });
      case 'records':
        return { offerIds: scope.offerIds, demandIds: scope.demandIds };
      case 'changed':
        return watermark ? changedIds(db, scope.since ? new Date(scope.since) : previous, watermark) : { offerIds: [], demandIds: [] };
    }
  }

  async function run(row: RunRow, log: Logger, progress?: (p: number) => Promise<void>): Promise<RunRow> {
    const t0 = performance.now();
    const asOf = row.asOf;
    await update(row.id, { status: 'running', phase: 'loading', startedAt: row.startedAt ?? now(), attempts: row.attempts + 1, error: null });
    const previous = row.scope.kind === 'changed' ? await lastWatermarkOf(db) : null;
    const loaded = await sync(asOf, row.kind === 'nightly' && row.checkpoint === 0);
    const scopeRecords = await records(row.scope, asOf, loaded.watermark, previous);
    const loadMs = Math.round(performance.now() - t0);
    await update(row.id, { phase: 'scoring', progress: 0.2 });
    await progress?.(20);

    const params: MatchParams = { ...deps.params, now: asOf.toISOString() };
    // Over everything, the constraints do not depend on the candidates: they are read meanwhile.
    const [touched, constraintsOfAll] = await Promise.all([engine.candidates({ scope: scopeRecords, params }), scopeRecords === 'all' ? runConstraints(db, 'all', 'all') : undefined]);
    const constraints = constraintsOfAll ?? (await runConstraints(db, scopeRecords, touched));
    const result = await engine.assign({ params, ...constraints });
    const t1 = performance.now();
    await update(row.id, { phase: 'writing', progress: 0.5 });
    await progress?.(50);

    const expiresAt = new Date(asOf.getTime() + deps.proposalTtlDays * 86_400_000);
    const counts: RunCounts = { offers: result.offers, demands: result.demands, experts: result.experts, candidates: result.candidates, selected: result.selected, created: 0, updated: 0, unchanged: 0, superseded: 0, expired: 0 };
    const chunks = Math.ceil(result.selected / WRITE_CHUNK);
    // proposal.created events only when somebody listens: a national run creates tens of thousands.
    const announce = deps.queue && (await hasSubscribers(db, 'proposal.created')) ? deps.queue : undefined;
    // The engine explains the next chunk while this one is written; chunks already written (a
    // restart) are skipped without being explained.
    const chunkAt = (i: number) => (i < chunks ? engine.proposals({ from: i * WRITE_CHUNK, to: (i + 1) * WRITE_CHUNK }) : undefined);
    let explainMs = 0;
    let next = chunkAt(row.checkpoint);
    try {
      for (let i = row.checkpoint; i < chunks; i++) {
        const chunk = (await next)!;
        next = chunkAt(i + 1);
        explainMs += chunk.explainMs;
        const written = await db.transaction(async (tx) => {
          const result = await upsertProposals(tx as unknown as Db, chunk.proposals, { id: row.id, algorithmVersion: row.algorithmVersion, expiresAt });
          await tx.update(matchRuns).set({ checkpoint: i + 1, progress: 0.5 + (0.4 * (i + 1)) / chunks }).where(eq(matchRuns.id, row.id));
          return result;
        });
        counts.created += written.created;
        counts.updated += written.updated;
        if (announce) await announceCreated(announce, written.createdRows, now(), log);
      }
    } catch (err) {
      next?.catch(() => {});
      throw err;
    }
    counts.unchanged = Math.max(0, result.selected - counts.created - counts.updated);
    counts.superseded = await supersede(db, scopeRecords, new Set(result.keys), asOf);
    counts.expired = await expireStale(db, asOf, row.kind === 'nightly' ? 'all' : scopeRecords);
    const writeMs = Math.round(performance.now() - t1);
    const finished = {
      status: 'succeeded' as const,
      phase: null,
      progress: 1,
      counts,
      // Explanations are made during writing, a chunk ahead: they count as scoring.
      timings: { loadMs, scoreMs: Math.round(result.scoreMs + explainMs), writeMs: Math.max(0, Math.round(writeMs - explainMs)), totalMs: Math.round(performance.now() - t0) },
      // A 'changes' or nightly run covers every change up to what it loaded.
      watermark: row.scope.kind === 'changed' || row.scope.kind === 'all' ? loaded.watermark : null,
      finishedAt: now(),
    };
    await update(row.id, finished);
    log.info({ runId: row.id, kind: row.kind, counts, timings: finished.timings, queries: touched.queries }, 'matching run finished');
    return { ...row, ...finished };
  }

  return {
    async execute(runId, log, progress) {
      return database.withAdvisoryLock(MATCHING_LOCK, async () => {
        const [row] = await db.select().from(matchRuns).where(eq(matchRuns.id, runId));
        if (!row) throw new AppError('NOT_FOUND', { en: `Matching run ${runId} not found`, vi: `Không tìm thấy lượt ghép nối ${runId}` });
        // At-least-once delivery: a run that already finished is not run again.
        if (row.status === 'succeeded' || row.status === 'failed') return row;
        try {
          return await run(row, log, progress);
        } catch (err) {
          // The engine's state is unknown after a failure: rebuild it next time.
          state = undefined;
          await update(runId, { error: (err as Error).message.slice(0, 500) }).catch(() => {});
          throw err;
        }
      });
    },
    close: () => engine.close(),
  };
}

/**
 * Hands each batch to the engine while the next one is read: the database, this thread and the
 * engine's thread work at once (a national load is about half reading, half indexing). At most two
 * batches are held here.
 */
export async function feed<T>(batches: AsyncGenerator<T>, consume: (batch: T) => Promise<unknown>): Promise<void> {
  let next = batches.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = batches.next();
      await consume(r.value);
    }
  } catch (err) {
    // The read already under way is abandoned; its own failure, if any, is not the one to report.
    next.catch(() => {});
    throw err;
  }
}

/** The watermark of the last successful run that covered every change (only those set one), if any. */
export async function lastWatermarkOf(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${matchRuns.watermark})` })
    .from(matchRuns)
    .where(eq(matchRuns.status, 'succeeded'));
  return row?.at ? new Date(row.at) : null;
}

/** Marks a run failed for good (the queue gave up on it). */
export async function failRun(db: Db, runId: string, message: string) {
  await db.update(matchRuns).set({ status: 'failed', phase: null, error: message.slice(0, 500), finishedAt: new Date() }).where(and(eq(matchRuns.id, runId), inArray(matchRuns.status, ['queued', 'running'])));
}

/** One proposal.created event per new proposal, to the clients of either side's province (after the commit). */
async function announceCreated(queue: JobQueue, rows: CreatedProposal[], at: Date, log: Logger) {
  for (const p of rows) {
    try {
      await queue.add(
        'webhooks.dispatch',
        {
          eventId: `evt_proposal_created_${p.id}`,
          type: 'proposal.created',
          occurredAt: at.toISOString(),
          resource: 'proposals',
          recordId: p.id,
          data: { id: p.id, offerId: p.offerId, demandId: p.demandId, score: p.score, status: 'proposed', url: `/v1/proposals/${p.id}` },
          visibility: { currentProvince: p.supplyProvince, provinces: [p.demandProvince], public: false, clientId: null },
        },
        { jobId: `evt_proposal_created_${p.id}` },
      );
    } catch (err) {
      log.error({ err: { message: (err as Error).message }, proposalId: p.id }, 'webhook event lost: the queue did not take it');
    }
  }
}
