import { z } from 'zod';
import { DECLINE_REASONS, PROPOSAL_STATUSES, RUN_KINDS, RUN_STATUSES } from '../../db/schema/index.js';
import { isoDateTime } from '../../http/schemas.js';
import { provinceCode, str } from '../registry/common.schemas.js';
import { CRITERIA } from './scoring/types.js';

const bilingual = z.object({ vi: z.string().describe('Vietnamese.'), en: z.string().describe('English.') }).meta({ id: 'BilingualText', description: 'A text in Vietnamese and English.' });

export const runScopeSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('all').describe('Every published offer and demand (ministry only).') }),
    z.strictObject({ kind: z.literal('province').describe('The offers and demands of one province.'), province: provinceCode }),
    z.strictObject({
      kind: z.literal('records').describe('Given offers and demands: their proposals are recomputed.'),
      offerIds: z.array(z.uuid()).max(1_000).default([]).describe('Offers to match (at most 1,000).'),
      demandIds: z.array(z.uuid()).max(1_000).default([]).describe('Demands to match (at most 1,000).'),
    }),
    z.strictObject({
      kind: z.literal('changed').describe('What changed since a time (the nightly and change-triggered runs use this).'),
      since: z.iso.datetime({ offset: true }).nullable().describe('Changes after this time; null: since the last run that covered every change.'),
    }),
  ])
  .meta({ id: 'MatchRunScope', description: 'What a run covers: the proposals of these records are recomputed.' });

const count = (what: string) => z.number().int().optional().describe(what);

export const runSchema = z
  .object({
    id: z.uuid().describe('Run id.'),
    kind: z.enum(RUN_KINDS).describe('on_demand (POST /v1/matching/runs), changes (after records changed) or nightly.'),
    scope: runScopeSchema,
    status: z.enum(RUN_STATUSES).describe('queued, running, succeeded or failed.'),
    phase: z.string().nullable().describe('While running: loading, scoring or writing.'),
    progress: z.number().describe('0 to 1.'),
    algorithmVersion: z.string().describe('Version of the scoring algorithm.'),
    params: z.record(z.string(), z.unknown()).describe('Weights, thresholds and caps the run used.'),
    asOf: isoDateTime.describe("The run's clock: freshness and expiry are computed against it."),
    counts: z
      .object({
        offers: count('Offers in the matcher index.'),
        demands: count('Demands in the matcher index.'),
        experts: count('Experts considered.'),
        candidates: count('Candidate pairs scored.'),
        selected: count('Proposals chosen under the caps.'),
        created: count('New proposals.'),
        updated: count('Open proposals rescored.'),
        unchanged: count('Open proposals proposed again unchanged.'),
        superseded: count('Undecided proposals no longer proposed.'),
        expired: count('Proposals expired (unanswered past their time, or a side left the market).'),
      })
      .describe('What the run did.'),
    timings: z
      .object({ loadMs: count('Loading records.'), scoreMs: count('Candidates, scoring, assignment and experts.'), writeMs: count('Writing proposals.'), totalMs: count('Whole run.') })
      .describe('Milliseconds per phase.'),
    attempts: z.number().int().describe('Times the worker started it (more than 1 after a crash or retry).'),
    error: z.string().nullable().describe('Last error, if any.'),
    createdAt: isoDateTime.describe('Queued at.'),
    startedAt: isoDateTime.nullable().describe('First started at.'),
    finishedAt: isoDateTime.nullable().describe('Finished at.'),
  })
  .meta({ id: 'MatchRun', description: 'A matching run and how it went.' });

const decisionSchema = z
  .object({
    decision: z.enum(['accept', 'decline']).describe('accept or decline.'),
    reason: z.enum(DECLINE_REASONS).nullable().describe('Why it was declined.'),
    note: z.string().nullable().describe('Free note.'),
    at: z.string().describe('When (ISO 8601).'),
    clientName: z.string().describe('Who decided.'),
  })
  .meta({ id: 'ProposalDecision', description: "One side's decision." });

export const proposalSchema = z
  .object({
    id: z.uuid().describe('Proposal id.'),
    offerId: z.uuid().describe('The technology offer.'),
    demandId: z.uuid().describe('The enterprise demand.'),
    supplyProvince: z.string().describe("The offer's current province."),
    demandProvince: z.string().describe("The demand's current province."),
    status: z.enum(PROPOSAL_STATUSES).describe('proposed → accepted_by_supply / accepted_by_demand → mutually_accepted; or declined, expired, superseded.'),
    score: z.number().describe('Fused score, 0–1 (harmonic fusion of both directions).'),
    demandFit: z.number().describe('How well the offer solves the demand, 0–1.'),
    supplyFit: z.number().describe("How well the demand suits the offer's owner, 0–1."),
    breakdown: z
      .array(
        z.object({
          criterion: z.enum(CRITERIA).describe('The criterion.'),
          value: z.number().describe('How well it is met, 0–1.'),
          weight: z.number().describe('Its weight.'),
          contribution: z.number().describe('Its share of the score.'),
        }),
      )
      .describe('Each criterion and its contribution.'),
    reasons: z.array(bilingual).describe('Two or three short reasons.'),
    experts: z
      .array(z.object({ expertId: z.uuid().describe('The expert.'), score: z.number().describe('Fit, 0–1.'), reasons: z.array(bilingual).describe('Why this expert.') }))
      .describe('Up to three suggested experts.'),
    flags: z.array(z.string()).describe('restricted: the technology is on the restricted list (Law 07/2017/QH14).'),
    supplyDecision: decisionSchema.nullable().describe('Decision of the supply side, once made.'),
    demandDecision: decisionSchema.nullable().describe('Decision of the demand side, once made.'),
    algorithmVersion: z.string().describe('Algorithm version that scored it.'),
    runId: z.uuid().describe('The run that last proposed or rescored it.'),
    expiresAt: isoDateTime.describe('Undecided proposals expire at this time.'),
    closeReason: z.enum(['declined', 'ttl', 'unavailable', 'superseded']).nullable().describe('Why it closed, when it did.'),
    version: z.number().int().describe('Changes with every update.'),
    createdAt: isoDateTime.describe('First proposed.'),
    updatedAt: isoDateTime.describe('Last changed.'),
  })
  .meta({ id: 'Proposal', description: 'A proposed 1:1 connection between an offer and a demand, with why, and both sides’ decisions.' });

export const decisionBodySchema = z
  .strictObject({
    side: z.enum(['supply', 'demand']).describe('Which side decides: supply (the offer) or demand.'),
    decision: z.enum(['accept', 'decline']).describe('accept or decline.'),
    reason: z.enum(DECLINE_REASONS).optional().describe('Required with decline: too_early, not_relevant, budget, ip_issue, already_solved or other.'),
    note: str(1_000).optional().describe('Free note (at most 1,000 characters).'),
  })
  .meta({ id: 'ProposalDecisionRequest', description: "One side's decision on a proposal." });
