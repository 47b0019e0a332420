import { bigint, boolean, date, index, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * The statistics layer (migration 0015), written only by triggers on the source tables (offers,
 * demands, organisations, experts, proposals, event participants, requests and meetings, outcomes),
 * in the same transaction as the change; the application reads it and never writes it.
 *
 * stats_facts: one row per counted thing, exactly what GET /v1/stats counts: an offer, a demand, a
 * supplying organisation, an expert, a proposal made and mutually accepted, a meeting scheduled and
 * held or missed, an MoU, a contract. Each with its local day (Asia/Ho_Chi_Minh), its current and
 * recorded provinces (both sides of a connection, each once), its top-level themes, the events it
 * was brought to, its connection point and (contracts) value. Computed by the system from the
 * joined records, so a statistic never joins at read time.
 */
export const statsFacts = pgTable(
  'stats_facts',
  {
    source: text().notNull(),
    sourceId: uuid().notNull(),
    metric: text().notNull(),
    day: date().notNull(),
    pc: text().array().notNull(),
    pr: text().array().notNull(),
    th: text().array().notNull(),
    evs: uuid().array().notNull(),
    cp: text(),
    v: bigint({ mode: 'number' }),
  },
  (t) => [index('stats_facts_source_idx').on(t.sourceId), index('stats_facts_day_idx').on(t.day), index('stats_facts_pc_idx').using('gin', t.pc)],
);

/**
 * Monthly sums of the facts for the groupings a report asks for most: nothing, province (current:
 * pmode 1, or as recorded: pmode 2) and one of field (dim 1), event (dim 2) or connection point
 * (dim 3), each fact counted once under every distinct province / theme / event it has. A few
 * thousand rows per kind instead of a scan of 300,000 facts; a date range that cuts a month reads
 * that month's facts. Append-only: a change adds its delta rows (no row is updated in place, so
 * concurrent writers never wait on a shared counter); compaction folds the deltas into one row per
 * key now and then (ketnoi_stats_compact()).
 */
export const statsSummary = pgTable(
  'stats_summary',
  {
    pmode: smallint().notNull(),
    dim: smallint().notNull(),
    month: date().notNull(),
    metric: text().notNull(),
    p: text(),
    k: text(),
    n: bigint({ mode: 'number' }).notNull(),
    v: bigint({ mode: 'number' }).notNull().default(sql`0`),
    /** false: a change's delta, appended by a trigger; true: the sum of a key's deltas, written by compaction. */
    compact: boolean().notNull().default(false),
  },
  (t) => [index('stats_summary_key_idx').on(t.pmode, t.dim, t.month, t.metric, t.p, t.k), index('stats_summary_delta_idx').on(t.pmode).where(sql`NOT compact`)],
);
