import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { demands, eventMeetings, eventParticipants, eventRequests, offers, organizations, outcomes, outcomeStageHistory, proposals } from '../../db/schema/index.js';

export type OutcomeRow = typeof outcomes.$inferSelect;
export type OutcomeInsert = typeof outcomes.$inferInsert;
export type HistoryRow = typeof outcomeStageHistory.$inferSelect;

/** Drizzle queries of the ledger; scope and business rules are the service's. */
export async function findOutcome(db: Db, id: string, lock = false): Promise<OutcomeRow | undefined> {
  const query = db.select().from(outcomes).where(eq(outcomes.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertOutcome(db: Db, values: OutcomeInsert): Promise<OutcomeRow> {
  const [row] = await db.insert(outcomes).values(values).returning();
  return row as OutcomeRow;
}

export async function updateOutcome(db: Db, id: string, values: Partial<OutcomeInsert>): Promise<OutcomeRow> {
  const [row] = await db.update(outcomes).set(values).where(eq(outcomes.id, id)).returning();
  return row as OutcomeRow;
}

export async function insertHistory(db: Db, values: typeof outcomeStageHistory.$inferInsert): Promise<void> {
  await db.insert(outcomeStageHistory).values(values);
}

export async function listHistory(db: Db, outcomeId: string): Promise<HistoryRow[]> {
  return db.select().from(outcomeStageHistory).where(eq(outcomeStageHistory.outcomeId, outcomeId)).orderBy(asc(outcomeStageHistory.changedAt), asc(outcomeStageHistory.id));
}

export interface OutcomeFilters {
  stage?: OutcomeRow['stage'];
  /** A current province: either side in it. */
  province?: string;
  /** A portal's provinces: either side in one of them (the query layer's copy of the RLS rule). */
  provinces?: readonly string[];
  eventId?: string;
  proposalId?: string;
  meetingId?: string;
  verified?: boolean;
  stageDateFrom?: string;
  stageDateTo?: string;
}

/** Newest first (createdAt, then id), after the keyset position if given. */
export async function listOutcomes(db: Db, filters: OutcomeFilters, limit: number, after?: { at: Date; id: string }): Promise<OutcomeRow[]> {
  const sides = (codes: readonly string[]) => or(inArray(outcomes.supplyCurrentProvince, [...codes]), inArray(outcomes.demandCurrentProvince, [...codes]));
  return db
    .select()
    .from(outcomes)
    .where(
      and(
        isNull(outcomes.archivedAt),
        filters.provinces ? sides(filters.provinces) : undefined,
        filters.province ? sides([filters.province]) : undefined,
        filters.stage ? eq(outcomes.stage, filters.stage) : undefined,
        filters.eventId ? eq(outcomes.eventId, filters.eventId) : undefined,
        filters.proposalId ? eq(outcomes.proposalId, filters.proposalId) : undefined,
        filters.meetingId ? eq(outcomes.meetingId, filters.meetingId) : undefined,
        filters.verified === undefined ? undefined : filters.verified ? isNotNull(outcomes.verifiedAt) : isNull(outcomes.verifiedAt),
        filters.stageDateFrom ? gte(outcomes.stageDate, filters.stageDateFrom) : undefined,
        filters.stageDateTo ? lte(outcomes.stageDate, filters.stageDateTo) : undefined,
        after ? or(lt(outcomes.createdAt, after.at), and(eq(outcomes.createdAt, after.at), lt(outcomes.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(outcomes.createdAt), desc(outcomes.id))
    .limit(limit);
}

export async function findMeetingSides(db: Db, meetingId: string) {
  const [meeting] = await db.select().from(eventMeetings).where(eq(eventMeetings.id, meetingId));
  if (!meeting) return undefined;
  const [request] = await db.select().from(eventRequests).where(eq(eventRequests.id, meeting.requestId));
  const parts = await db.select().from(eventParticipants).where(inArray(eventParticipants.id, meeting.participantIds.slice(0, 2)));
  return { meeting, request, supply: parts.find((p) => p.side === 'supply'), demand: parts.find((p) => p.side === 'demand') };
}

export async function findProposal(db: Db, id: string) {
  const [row] = await db.select({ id: proposals.id, offerId: proposals.offerId, demandId: proposals.demandId }).from(proposals).where(eq(proposals.id, id));
  return row;
}

export async function findOffer(db: Db, id: string) {
  const [row] = await db.select({ id: offers.id, organizationId: offers.organizationId, fields: offers.fields, sourceSystem: offers.sourceSystem }).from(offers).where(eq(offers.id, id));
  return row;
}

export async function findDemand(db: Db, id: string) {
  const [row] = await db.select({ id: demands.id, organizationId: demands.organizationId, fields: demands.fields, sourceSystem: demands.sourceSystem }).from(demands).where(eq(demands.id, id));
  return row;
}

export async function findOrganization(db: Db, id: string) {
  const [row] = await db
    .select({ id: organizations.id, province: organizations.province, currentProvince: organizations.currentProvince, sourceSystem: organizations.sourceSystem })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}

/** Offers or demands a participant brought: exactly one names the record of the outcome. */
export const single = (ids: readonly string[]): string | undefined => (ids.length === 1 ? ids[0] : undefined);
