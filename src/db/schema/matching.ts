import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamptz } from '../columns.js';
import { demands, offers } from './registry.js';

export type Bilingual = { vi: string; en: string };
export type RunScope = { kind: 'all' } | { kind: 'province'; province: string } | { kind: 'records'; offerIds: string[]; demandIds: string[] } | { kind: 'changed'; since: string | null };
export type RunCounts = {
  offers: number;
  demands: number;
  experts: number;
  candidates: number;
  selected: number;
  created: number;
  updated: number;
  unchanged: number;
  superseded: number;
  expired: number;
};
export type RunTimings = { loadMs: number; scoreMs: number; writeMs: number; totalMs: number };
export type Decision = { decision: 'accept' | 'decline'; reason: string | null; note: string | null; at: string; clientId: string | null; clientName: string };
export type SuggestedExpertRow = { expertId: string; score: number; reasons: Bilingual[] };
export type CriterionRow = { criterion: string; value: number; weight: number; contribution: number };

export const RUN_KINDS = ['on_demand', 'changes', 'nightly'] as const;
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
/** Open proposals: at most one per (offer, demand). The rest are history. */
export const OPEN_PROPOSAL_STATUSES = ['proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted'] as const;
export const PROPOSAL_STATUSES = [...OPEN_PROPOSAL_STATUSES, 'declined', 'expired', 'superseded'] as const;
export const CLOSE_REASONS = ['declined', 'ttl', 'unavailable', 'superseded'] as const;
export const DECLINE_REASONS = ['too_early', 'not_relevant', 'budget', 'ip_issue', 'already_solved', 'other'] as const;

/** One matching run: what it covered, with which algorithm and parameters, and how it went. */
export const matchRuns = pgTable(
  'match_runs',
  {
    id: id(),
    kind: text({ enum: RUN_KINDS }).notNull(),
    scope: jsonb().$type<RunScope>().notNull(),
    status: text({ enum: RUN_STATUSES }).notNull(),
    algorithmVersion: text().notNull(),
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The run's clock: freshness and expiry are computed against it, so a rerun scores alike. */
    asOf: timestamptz().notNull(),
    /** Records changed up to here are covered by this run (the next 'changes' run starts after it). */
    watermark: timestamptz(),
    progress: doublePrecision().notNull().default(0),
    phase: text(),
    counts: jsonb().$type<Partial<RunCounts>>().notNull().default(sql`'{}'::jsonb`),
    timings: jsonb().$type<Partial<RunTimings>>().notNull().default(sql`'{}'::jsonb`),
    /** Chunks of the result already written; a restarted run skips them. */
    checkpoint: integer().notNull().default(0),
    attempts: integer().notNull().default(0),
    error: text(),
    clientId: uuid(),
    clientName: text().notNull(),
    requestId: text(),
    createdAt: timestamptz().notNull().defaultNow(),
    startedAt: timestamptz(),
    finishedAt: timestamptz(),
  },
  (t) => [index('match_runs_created_idx').on(t.createdAt, t.id), index('match_runs_status_idx').on(t.status, t.finishedAt)],
);

/** A proposed 1:1 connection between an offer and a demand, with why, and each side's decision. */
export const proposals = pgTable(
  'proposals',
  {
    id: id(),
    offerId: uuid()
      .notNull()
      .references(() => offers.id),
    demandId: uuid()
      .notNull()
      .references(() => demands.id),
    /** Current provinces of the two sides: who may see and decide. */
    supplyProvince: text().notNull(),
    demandProvince: text().notNull(),
    status: text({ enum: PROPOSAL_STATUSES }).notNull(),
    score: doublePrecision().notNull(),
    demandFit: doublePrecision().notNull(),
    supplyFit: doublePrecision().notNull(),
    breakdown: jsonb().$type<CriterionRow[]>().notNull(),
    reasons: jsonb().$type<Bilingual[]>().notNull(),
    experts: jsonb().$type<SuggestedExpertRow[]>().notNull(),
    flags: text().array().notNull().default(sql`'{}'::text[]`),
    supplyDecision: jsonb().$type<Decision>(),
    demandDecision: jsonb().$type<Decision>(),
    algorithmVersion: text().notNull(),
    /** The run that last proposed or rescored it. */
    runId: uuid()
      .notNull()
      .references(() => matchRuns.id),
    /** Undecided proposals expire at this time. */
    expiresAt: timestamptz().notNull(),
    version: integer().notNull().default(1),
    createdAt: timestamptz().notNull().defaultNow(),
    updatedAt: timestamptz().notNull().defaultNow(),
    closedAt: timestamptz(),
    /** Why a proposal closed: declined by a side, expired unanswered (ttl), a side left the market (unavailable), or no longer proposed (superseded). */
    closeReason: text({ enum: CLOSE_REASONS }),
  },
  (t) => [
    uniqueIndex('proposals_open_pair_key')
      .on(t.offerId, t.demandId)
      .where(sql`status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted')`),
    index('proposals_demand_idx').on(t.demandId, t.status),
    index('proposals_offer_idx').on(t.offerId, t.status),
    index('proposals_list_idx').on(t.score, t.id),
    index('proposals_province_idx').on(t.supplyProvince, t.demandProvince),
    // Expert load is counted over proposals that suggest someone: a few thousand of a national run's ~100,000.
    index('proposals_expert_load_idx').on(t.status).where(sql`experts <> '[]'::jsonb`),
  ],
);

/**
 * How many open proposals suggest each expert, kept by statement triggers on proposals (migration
 * 0019), so that a small run reads an expert's load without reading every proposal that names them.
 * Read-only for the application.
 */
export const proposalExpertLoad = pgTable('proposal_expert_load', {
  expertId: uuid().primaryKey(),
  openProposals: integer().notNull(),
});
