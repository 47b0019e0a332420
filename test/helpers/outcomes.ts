import type { Db } from '../../src/db/client.js';
import { eventMeetings, eventParticipants, eventRequests, events, eventSessions, matchRuns, proposals } from '../../src/db/schema/index.js';

/**
 * Fixtures for the outcome ledger and statistics, inserted directly (as the system) so a test can
 * build exactly the proposals and meetings it needs without running the matcher or the scheduler.
 */
type MeetingStatus = (typeof eventMeetings.$inferInsert)['status'];

let runId: string | undefined;
async function matchRun(db: Db): Promise<string> {
  if (runId) {
    const found = await db.select({ id: matchRuns.id }).from(matchRuns);
    if (found.some((r) => r.id === runId)) return runId;
  }
  const [row] = await db.insert(matchRuns).values({ kind: 'on_demand', scope: { kind: 'all' }, status: 'succeeded', algorithmVersion: 'test', params: {}, asOf: new Date(), clientName: 'test' }).returning();
  runId = (row as { id: string }).id;
  return runId;
}

export async function insertProposal(
  db: Db,
  p: { offerId: string; demandId: string; supplyProvince: string; demandProvince: string; status?: (typeof proposals.$inferInsert)['status']; createdAt?: Date; acceptedAt?: Date },
): Promise<string> {
  const accepted = p.status === 'mutually_accepted';
  const at = (p.acceptedAt ?? p.createdAt ?? new Date()).toISOString();
  const decision = { decision: 'accept' as const, reason: null, note: null, at, clientId: null, clientName: 'test' };
  const [row] = await db
    .insert(proposals)
    .values({
      offerId: p.offerId,
      demandId: p.demandId,
      supplyProvince: p.supplyProvince,
      demandProvince: p.demandProvince,
      status: p.status ?? 'proposed',
      score: 0.8,
      demandFit: 0.8,
      supplyFit: 0.8,
      breakdown: [],
      reasons: [],
      experts: [],
      algorithmVersion: 'test',
      runId: await matchRun(db),
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      ...(p.createdAt && { createdAt: p.createdAt, updatedAt: p.createdAt }),
      ...(accepted && { supplyDecision: decision, demandDecision: decision }),
    })
    .returning();
  return (row as { id: string }).id;
}

export async function insertEvent(db: Db, e: { province: string; currentProvince?: string; name?: string }): Promise<{ eventId: string; sessionId: string }> {
  const [event] = await db
    .insert(events)
    .values({ name: { vi: e.name ?? 'Techconnect thử nghiệm' }, kind: 'techconnect', province: e.province, currentProvince: e.currentProvince ?? e.province, mode: 'onsite', timeZone: 'Asia/Ho_Chi_Minh', status: 'closed' })
    .returning();
  const eventId = (event as { id: string }).id;
  const [session] = await db.insert(eventSessions).values({ eventId, startsAt: new Date('2026-03-10T01:30:00Z'), slotMinutes: 20, bufferMinutes: 0, slotCount: 40 }).returning();
  return { eventId, sessionId: (session as { id: string }).id };
}

/** A meeting between a supplier and an enterprise (registered as participants if not yet). */
export async function insertMeeting(
  db: Db,
  m: {
    eventId: string;
    sessionId: string;
    slot: number;
    supply: { organizationId: string; currentProvince: string; offerIds?: string[] };
    demand: { organizationId: string; currentProvince: string; demandIds?: string[] };
    status: MeetingStatus;
    startsAt?: Date;
    proposalId?: string;
  },
): Promise<string> {
  const participant = async (side: 'supply' | 'demand', s: { organizationId: string; currentProvince: string; offerIds?: string[]; demandIds?: string[] }) => {
    const [row] = await db
      .insert(eventParticipants)
      .values({ eventId: m.eventId, side, organizationId: s.organizationId, subjectId: s.organizationId, currentProvince: s.currentProvince, attendance: 'onsite', offerIds: s.offerIds ?? [], demandIds: s.demandIds ?? [] })
      .onConflictDoUpdate({ target: [eventParticipants.eventId, eventParticipants.side, eventParticipants.subjectId], set: { updatedAt: new Date() } })
      .returning();
    return (row as { id: string }).id;
  };
  const supplyId = await participant('supply', m.supply);
  const demandId = await participant('demand', m.demand);
  const [request] = await db
    .insert(eventRequests)
    .values({ eventId: m.eventId, source: m.proposalId ? 'proposal' : 'ad_hoc', proposalId: m.proposalId ?? null, requesterId: demandId, otherId: supplyId, pairKey: [demandId, supplyId].sort().join(':'), status: 'accepted', priority: 1 })
    .returning();
  const startsAt = m.startsAt ?? new Date(Date.UTC(2026, 2, 10, 1, 30) + m.slot * 20 * 60_000);
  const [meeting] = await db
    .insert(eventMeetings)
    .values({
      eventId: m.eventId,
      requestId: (request as { id: string }).id,
      sessionId: m.sessionId,
      slot: m.slot,
      slotInSession: m.slot,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 20 * 60_000),
      mode: 'onsite',
      participantIds: [demandId, supplyId],
      status: m.status,
    })
    .returning();
  return (meeting as { id: string }).id;
}
