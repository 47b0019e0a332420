import { sql } from 'drizzle-orm';
import { bigint, check, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { auditTimes, codes, id, timestamptz, version } from '../columns.js';
import { eventMeetings, events } from './events.js';
import { proposals } from './matching.js';
import { demands, offers, organizations } from './registry.js';

/** Follow-up stages in the order a deal normally moves; abandoned ends it from any earlier stage. */
export const OUTCOME_STAGES = ['follow_up', 'nda', 'mou', 'contract_signed', 'contract_registered', 'implemented', 'abandoned'] as const;
export type OutcomeStage = (typeof OUTCOME_STAGES)[number];
export const OUTCOME_SIDES = ['supply', 'demand'] as const;
export const DOCUMENT_KINDS = ['nda', 'mou', 'contract', 'registration_certificate', 'minutes', 'acceptance_record', 'other'] as const;

/** A reference to a document kept elsewhere (the ledger never stores the document itself). */
export type OutcomeDocument = { kind: (typeof DOCUMENT_KINDS)[number]; title: string; reference: string | null; url: string | null; date: string | null };

/**
 * What followed a connection: one deal between a supplier and an enterprise, linked to the
 * proposal and/or the meeting it came from. The provinces, fields and connection point are copied
 * from the linked records when the outcome is reported, so statistics and row-level security need
 * no joins; mouOn and contractOn are the dates the deal first reached an MoU and a contract (or a
 * later stage), so an abandoned deal still counts for what it reached.
 */
export const outcomes = pgTable(
  'outcomes',
  {
    id: id(),
    ...auditTimes(),
    version: version(),
    archivedAt: timestamptz(),
    proposalId: uuid().references(() => proposals.id),
    meetingId: uuid().references(() => eventMeetings.id),
    eventId: uuid().references(() => events.id),
    offerId: uuid().references(() => offers.id),
    demandId: uuid().references(() => demands.id),
    supplyOrganizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    demandOrganizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** Provinces of the two organisations as recorded, and the current units they belong to. */
    supplyProvince: text().notNull(),
    supplyCurrentProvince: text().notNull(),
    demandProvince: text().notNull(),
    demandCurrentProvince: text().notNull(),
    /** Technology fields of the offer (else the demand). */
    fields: codes(),
    /** The connection point (integrating source system) the demand, else the offer, came through. */
    connectionPoint: text(),
    stage: text({ enum: OUTCOME_STAGES }).notNull(),
    stageDate: date().notNull(),
    furthestStage: text({ enum: OUTCOME_STAGES }).notNull(),
    mouOn: date(),
    contractOn: date(),
    dealType: text(),
    transferForms: codes(),
    transferMethods: codes(),
    valueVnd: bigint({ mode: 'number' }),
    documents: jsonb().$type<OutcomeDocument[]>().notNull().default(sql`'[]'::jsonb`),
    note: text(),
    reportedSide: text({ enum: OUTCOME_SIDES }),
    reportedByClientId: uuid(),
    reportedByName: text().notNull(),
    verifiedAt: timestamptz(),
    verifiedByClientId: uuid(),
    verifiedByName: text(),
  },
  (t) => [
    uniqueIndex('outcomes_meeting_key').on(t.meetingId).where(sql`meeting_id IS NOT NULL AND archived_at IS NULL`),
    index('outcomes_created_idx').on(t.createdAt, t.id),
    index('outcomes_supply_province_idx').on(t.supplyCurrentProvince),
    index('outcomes_demand_province_idx').on(t.demandCurrentProvince),
    index('outcomes_proposal_idx').on(t.proposalId),
    index('outcomes_event_idx').on(t.eventId),
    check('outcomes_value_nonnegative', sql`${t.valueVnd} IS NULL OR ${t.valueVnd} >= 0`),
  ],
);

/** Every stage change of an outcome, the first report included; never updated. */
export const outcomeStageHistory = pgTable(
  'outcome_stage_history',
  {
    id: id(),
    outcomeId: uuid()
      .notNull()
      .references(() => outcomes.id),
    fromStage: text({ enum: OUTCOME_STAGES }),
    toStage: text({ enum: OUTCOME_STAGES }).notNull(),
    stageDate: date().notNull(),
    valueVnd: bigint({ mode: 'number' }),
    note: text(),
    clientId: uuid(),
    clientName: text().notNull(),
    changedAt: auditTimes().createdAt,
  },
  (t) => [index('outcome_stage_history_outcome_idx').on(t.outcomeId, t.changedAt)],
);

/** Follow-up reminders already sent, one per held meeting: what makes the reminder job idempotent. */
export const outcomeReminders = pgTable('outcome_reminders', {
  meetingId: uuid()
    .primaryKey()
    .references(() => eventMeetings.id),
  eventId: uuid()
    .notNull()
    .references(() => events.id),
  supplyProvince: text(),
  demandProvince: text(),
  dueAt: timestamptz().notNull(),
  sentAt: timestamptz().notNull().defaultNow(),
});
