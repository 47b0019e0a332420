import { and, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { demands, offers, OPEN_PROPOSAL_STATUSES, proposalExpertLoad, proposals } from '../../db/schema/index.js';
import { proposalKey, type EngineProposal } from './engine/engine.js';
import { matchable } from './inputs.repository.js';

const OPEN = sql.raw(`(${OPEN_PROPOSAL_STATUSES.map((s) => `'${s}'`).join(', ')})`);

export type CreatedProposal = { id: string; offerId: string; demandId: string; supplyProvince: string; demandProvince: string; score: number };

/** The records whose undecided proposals a run recomputes; 'all' for a national run. */
export type RunRecords = 'all' | { offerIds: string[]; demandIds: string[] };

/** `column = ANY($1)` with one array parameter: scopes can hold tens of thousands of ids. */
const anyOf = (column: typeof proposals.offerId | typeof proposals.demandId, ids: readonly string[]): SQL => (ids.length > 0 ? sql`${column} = ANY(${sql.param([...ids])}::uuid[])` : sql`false`);

const touches = (records: RunRecords): SQL | undefined => (records === 'all' ? undefined : or(anyOf(proposals.offerId, records.offerIds), anyOf(proposals.demandId, records.demandIds)));

/**
 * What a run must take as given about the records its candidates touch (everything for a national
 * run): pairs it may not propose (declined, expired unanswered, or already decided by a side), and
 * the capacity and expert load held by proposals it does not recompute. None of this is changed by
 * the run's own writes, so a restarted run computes the same result.
 */
export async function runConstraints(db: Db, records: RunRecords, touched: { demandIds: string[]; offerIds: string[] } | 'all') {
  const among = touched === 'all' ? undefined : and(anyOf(proposals.demandId, touched.demandIds), anyOf(proposals.offerId, touched.offerIds));
  const eitherTouched = touched === 'all' ? undefined : or(anyOf(proposals.demandId, touched.demandIds), anyOf(proposals.offerId, touched.offerIds));
  const decided = sql`${proposals.status} <> 'proposed'`;
  const kept = and(sql`${proposals.status} IN ${OPEN}`, records === 'all' ? decided : or(decided, sql`NOT (${touches(records)})`));
  // Three reads on three connections: a small run's time is mostly waiting for pages.
  const [closed, held, expertLoad] = await Promise.all([
    db
      .select({ offerId: proposals.offerId, demandId: proposals.demandId })
      .from(proposals)
      .where(and(or(eq(proposals.status, 'declined'), and(eq(proposals.status, 'expired'), eq(proposals.closeReason, 'ttl'))), among)),
    db
      .select({ offerId: proposals.offerId, demandId: proposals.demandId, status: proposals.status })
      .from(proposals)
      .where(and(kept, eitherTouched)),
    expertLoadOf(db, records, kept),
  ]);
  const usedByDemand = new Map<string, number>();
  const usedByOffer = new Map<string, number>();
  const excluded = new Set(closed.map((p) => proposalKey(p.offerId, p.demandId)));
  for (const p of held) {
    usedByDemand.set(p.demandId, (usedByDemand.get(p.demandId) ?? 0) + 1);
    usedByOffer.set(p.offerId, (usedByOffer.get(p.offerId) ?? 0) + 1);
    if (p.status !== 'proposed') excluded.add(proposalKey(p.offerId, p.demandId));
  }
  return {
    excluded: [...excluded].sort(),
    usedByDemand: [...usedByDemand].sort(byKey),
    usedByOffer: [...usedByOffer].sort(byKey),
    expertLoad: [...expertLoad].sort(byKey),
  };
}

/**
 * Each expert's load: the open proposals that suggest them and that the run does not recompute.
 * A run over given records takes the totals kept by the triggers of migration 0019 and subtracts
 * the undecided proposals of those records, in one statement (one snapshot), so a decision made
 * meanwhile is counted once. A national run recomputes every undecided proposal: it counts the
 * decided ones that suggest someone (a partial index).
 */
async function expertLoadOf(db: Db, records: RunRecords, kept: SQL | undefined) {
  const load = new Map<string, number>();
  const count = (ids: readonly string[], by: number) => {
    for (const id of ids) load.set(id, (load.get(id) ?? 0) + by);
  };
  if (records === 'all') {
    // Parsed here, not unnested in SQL: unnesting made the planner expect a hundred experts per
    // proposal, and its parallel, JIT-compiled plan took 0.2 s for 3,000 rows.
    const suggested = await queryRows<{ ids: string[] }>(db, sql`SELECT jsonb_path_query_array(${proposals.experts}, '$[*].expertId') AS ids FROM ${proposals} WHERE ${kept} AND ${proposals.experts} <> '[]'::jsonb`);
    for (const row of suggested) count(row.ids, 1);
  } else {
    const [row] = await queryRows<{ totals: [string, number][] | null; recomputed: string[][] | null }>(
      db,
      sql`SELECT (SELECT json_agg(json_build_array(${proposalExpertLoad.expertId}, ${proposalExpertLoad.openProposals})) FROM ${proposalExpertLoad} WHERE ${proposalExpertLoad.openProposals} <> 0) AS totals,
        (SELECT json_agg(jsonb_path_query_array(${proposals.experts}, '$[*].expertId')) FROM ${proposals} WHERE ${proposals.status} = 'proposed' AND ${proposals.experts} <> '[]'::jsonb AND ${touches(records)}) AS recomputed`,
    );
    for (const [id, n] of row?.totals ?? []) load.set(id, n);
    for (const ids of row?.recomputed ?? []) count(ids, -1);
  }
  for (const [id, n] of load) if (n <= 0) load.delete(id);
  return load;
}

const byKey = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Writes one chunk of a run's proposals: a new open proposal per pair, or the open one rescored in
 * place (never a twin: the partial unique index on open pairs is the conflict target). A rescore
 * that changes nothing leaves the row as it is.
 *
 * The chunk goes to PostgreSQL as one JSON document unpacked by jsonb_to_recordset: a national run
 * writes ~100 chunks of 1,000 rows, and building them as multi-row VALUES with 15,000 parameters
 * cost the worker's main thread 0.13 s per chunk, on the write path.
 */
export async function upsertProposals(db: Db, chunk: readonly EngineProposal[], run: { id: string; algorithmVersion: string; expiresAt: Date }) {
  if (chunk.length === 0) return { created: 0, updated: 0, createdRows: [] };
  const document = JSON.stringify(
    chunk.map((p) => ({
      offer_id: p.offerId,
      demand_id: p.demandId,
      supply_province: p.supplyProvince,
      demand_province: p.demandProvince,
      score: p.score,
      demand_fit: p.demandFit,
      supply_fit: p.supplyFit,
      breakdown: p.breakdown,
      reasons: p.reasons,
      experts: p.experts,
      flags: p.flags,
    })),
  );
  const rows = await queryRows<CreatedProposal & { inserted: boolean }>(
    db,
    sql`INSERT INTO ${proposals} AS p (offer_id, demand_id, supply_province, demand_province, status, score, demand_fit, supply_fit, breakdown, reasons, experts, flags, algorithm_version, run_id, expires_at)
      SELECT r.offer_id, r.demand_id, r.supply_province, r.demand_province, 'proposed', r.score, r.demand_fit, r.supply_fit, r.breakdown, r.reasons, r.experts, r.flags,
        ${run.algorithmVersion}::text, ${run.id}::uuid, ${run.expiresAt.toISOString()}::timestamptz
      FROM jsonb_to_recordset(${document}::jsonb) AS r(offer_id uuid, demand_id uuid, supply_province text, demand_province text, score double precision,
        demand_fit double precision, supply_fit double precision, breakdown jsonb, reasons jsonb, experts jsonb, flags text[])
      ON CONFLICT (offer_id, demand_id) WHERE status IN ${OPEN} DO UPDATE SET
        score = excluded.score, demand_fit = excluded.demand_fit, supply_fit = excluded.supply_fit, breakdown = excluded.breakdown, reasons = excluded.reasons,
        experts = excluded.experts, flags = excluded.flags, supply_province = excluded.supply_province, demand_province = excluded.demand_province,
        algorithm_version = excluded.algorithm_version, run_id = excluded.run_id, version = p.version + 1, updated_at = now()
      WHERE (p.score, p.breakdown, p.reasons, p.experts, p.flags, p.supply_province, p.demand_province, p.algorithm_version)
        IS DISTINCT FROM (excluded.score, excluded.breakdown, excluded.reasons, excluded.experts, excluded.flags, excluded.supply_province, excluded.demand_province, excluded.algorithm_version)
      RETURNING (xmax = 0) AS inserted, id, offer_id AS "offerId", demand_id AS "demandId", supply_province AS "supplyProvince", demand_province AS "demandProvince", score`,
  );
  const createdRows = rows.filter((r) => r.inserted).map(({ inserted: _, ...row }) => row);
  return { created: createdRows.length, updated: rows.length - createdRows.length, createdRows };
}

/** Undecided proposals of the run's records that the run no longer proposes. */
export async function supersede(db: Db, records: RunRecords, keep: ReadonlySet<string>, asOf: Date): Promise<number> {
  const candidates = await db
    .select({ id: proposals.id, offerId: proposals.offerId, demandId: proposals.demandId })
    .from(proposals)
    .where(and(eq(proposals.status, 'proposed'), touches(records)));
  const ids = candidates.filter((p) => !keep.has(proposalKey(p.offerId, p.demandId))).map((p) => p.id);
  for (let i = 0; i < ids.length; i += 1_000) {
    await db
      .update(proposals)
      .set({ status: 'superseded', closeReason: 'superseded', closedAt: asOf, updatedAt: sql`now()`, version: sql`${proposals.version} + 1` })
      .where(and(inArray(proposals.id, ids.slice(i, i + 1_000)), eq(proposals.status, 'proposed')));
  }
  return ids.length;
}

/**
 * Closes proposals that can no longer go anywhere: unanswered past their expiry (ttl), or not yet
 * mutually accepted while a side has left the market (paused, closed, withdrawn, expired, archived).
 * A national run looks at every open proposal; a scoped run only at those of its records (the
 * nightly run catches the rest).
 */
export async function expireStale(db: Db, asOf: Date, records: RunRecords): Promise<number> {
  const notAgreed = and(inArray(proposals.status, ['proposed', 'accepted_by_supply', 'accepted_by_demand']), touches(records));
  const ttl = await db
    .update(proposals)
    .set({ status: 'expired', closeReason: 'ttl', closedAt: asOf, updatedAt: sql`now()`, version: sql`${proposals.version} + 1` })
    .where(and(notAgreed, lt(proposals.expiresAt, asOf)))
    .returning({ id: proposals.id });
  const gone = await db
    .update(proposals)
    .set({ status: 'expired', closeReason: 'unavailable', closedAt: asOf, updatedAt: sql`now()`, version: sql`${proposals.version} + 1` })
    .where(
      and(
        notAgreed,
        or(
          sql`NOT EXISTS (SELECT 1 FROM ${offers} WHERE ${offers.id} = ${proposals.offerId} AND ${matchable(offers, asOf)})`,
          sql`NOT EXISTS (SELECT 1 FROM ${demands} WHERE ${demands.id} = ${proposals.demandId} AND ${matchable(demands, asOf)})`,
        ),
      ),
    )
    .returning({ id: proposals.id });
  return ttl.length + gone.length;
}

