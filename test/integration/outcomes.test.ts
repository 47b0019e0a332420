import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outcomes, outcomeStageHistory } from '../../src/db/schema/index.js';
import { createKey, useTestApp } from '../helpers/app.js';
import { create, makeDemand, makeOffer, makeOrganization } from '../helpers/registry.js';
import { insertEvent, insertMeeting, insertProposal } from '../helpers/outcomes.js';

/**
 * The outcome ledger over HTTP: a supplier filed under Bình Dương (74, now part of Hồ Chí Minh
 * City 79) and an enterprise in Hà Nội (01) meet; each side's portal reports for its own side,
 * the ministry verifies, and every stage change is kept.
 */
describe('outcomes', () => {
  const ctx = useTestApp();
  const keys = { hcm: '', hanoi: '', danang: '', reader: '' };
  const ids = { supplier: '', enterprise: '', offer: '', demand: '', proposal: '', meeting: '', tentative: '', second: '', eventId: '' };
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    const { app, db } = ctx;
    keys.hcm = await createKey(db.database, 'portal', ['79'], 'Sở KH&CN TP.HCM');
    keys.hanoi = await createKey(db.database, 'portal', ['01'], 'Sở KH&CN Hà Nội');
    keys.danang = await createKey(db.database, 'portal', ['48'], 'Sở KH&CN Đà Nẵng');
    keys.reader = await createKey(db.database, 'reader');
    ids.supplier = (await create(app, 'organizations', makeOrganization({ kind: 'university', province: '74', name: { vi: 'Trường Đại học Thủ Dầu Một' }, sourceSystem: 'portal-binh-duong', sourceRef: 'org-1' }))).id;
    ids.enterprise = (await create(app, 'organizations', makeOrganization({ province: '01', name: { vi: 'Công ty Cổ phần Nước sạch Hà Nội' } }))).id;
    ids.offer = (await create(app, 'offers', makeOffer(ids.supplier, { fields: ['ENV.WATER'] }))).id;
    ids.demand = (await create(app, 'demands', makeDemand(ids.enterprise, { province: '01', fields: ['ENV.WATER'], sourceSystem: 'dkn-bach-khoa', sourceRef: 'd-1' }))).id;
    const sys = db.database.db;
    ids.proposal = await insertProposal(sys, { offerId: ids.offer, demandId: ids.demand, supplyProvince: '79', demandProvince: '01', status: 'mutually_accepted' });
    const { eventId, sessionId } = await insertEvent(sys, { province: '01' });
    ids.eventId = eventId;
    const supply = { organizationId: ids.supplier, currentProvince: '79' };
    const demand = { organizationId: ids.enterprise, currentProvince: '01' };
    ids.meeting = await insertMeeting(sys, { eventId, sessionId, slot: 0, supply, demand, status: 'held', proposalId: ids.proposal });
    const other = await insertEvent(sys, { province: '79' });
    ids.tentative = await insertMeeting(sys, { eventId: other.eventId, sessionId: other.sessionId, slot: 1, supply, demand, status: 'confirmed' });
    const third = await insertEvent(sys, { province: '79' });
    ids.second = await insertMeeting(sys, { eventId: third.eventId, sessionId: third.sessionId, slot: 2, supply: { ...supply, offerIds: [ids.offer] }, demand, status: 'held' });
  });

  it('reports an outcome from a held meeting and fills in the links', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/outcomes',
      headers: as(keys.hanoi),
      payload: { meetingId: ids.meeting, stage: 'mou', stageDate: '2026-04-02', dealType: 'licence_non_exclusive', transferForms: ['independent_contract'], transferMethods: ['documents', 'training'], documents: [{ kind: 'mou', title: 'Biên bản ghi nhớ hợp tác', reference: '12/2026/BBGN' }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/outcomes/${body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(body).toMatchObject({
      meetingId: ids.meeting,
      eventId: ids.eventId,
      proposalId: ids.proposal,
      offerId: ids.offer,
      demandId: ids.demand,
      supplyOrganizationId: ids.supplier,
      demandOrganizationId: ids.enterprise,
      supplyProvince: '74',
      supplyCurrentProvince: '79',
      demandProvince: '01',
      demandCurrentProvince: '01',
      fields: ['ENV.WATER'],
      connectionPoint: 'dkn-bach-khoa',
      stage: 'mou',
      furthestStage: 'mou',
      mouOn: '2026-04-02',
      contractOn: null,
      reportedSide: 'demand',
      reportedByName: 'Sở KH&CN Hà Nội',
      verifiedAt: null,
      documents: [{ kind: 'mou', title: 'Biên bản ghi nhớ hợp tác', reference: '12/2026/BBGN', url: null, date: null }],
    });
    expect(body).not.toHaveProperty('reportedByClientId');
    // One outcome per held meeting.
    const again = await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', headers: as(keys.hcm), payload: { meetingId: ids.meeting } });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('moves through the stages with If-Match, keeps the history, and refuses going back', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', headers: as(keys.hcm), payload: { meetingId: ids.second, stageDate: '2026-03-11', reportedSide: 'supply' } });
    expect(created.statusCode, created.body).toBe(201);
    const o = created.json();
    expect(o).toMatchObject({ stage: 'follow_up', offerId: ids.offer, demandId: null, proposalId: null, reportedSide: 'supply', connectionPoint: 'portal-binh-duong', fields: ['ENV.WATER'] });
    const url = `/v1/outcomes/${o.id}`;
    const missing = await ctx.app.inject({ method: 'PATCH', url, headers: as(keys.hcm), payload: { stage: 'nda' } });
    expect(missing.statusCode).toBe(428);
    const stale = await ctx.app.inject({ method: 'PATCH', url, headers: { ...as(keys.hcm), 'if-match': '"7"' }, payload: { stage: 'nda' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('STALE_VERSION');
    const signed = await ctx.app.inject({ method: 'PATCH', url, headers: { ...as(keys.hcm), 'if-match': '"1"' }, payload: { stage: 'contract_signed', stageDate: '2026-06-15', valueVnd: '2500000000' } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.headers.etag).toBe('"2"');
    expect(signed.json()).toMatchObject({ stage: 'contract_signed', furthestStage: 'contract_signed', mouOn: '2026-06-15', contractOn: '2026-06-15', valueVnd: 2500000000 });
    const back = await ctx.app.inject({ method: 'PATCH', url, headers: { ...as(keys.hcm), 'if-match': '"2"' }, payload: { stage: 'nda' } });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe('INVALID_STAGE_CHANGE');
    const early = await ctx.app.inject({ method: 'PATCH', url, headers: { ...as(keys.hcm), 'if-match': '"2"' }, payload: { stage: 'contract_registered', stageDate: '2026-01-01' } });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].path).toBe('body.stageDate');
    // The other side's portal may record the next step too; abandoning keeps what was reached.
    const dropped = await ctx.app.inject({ method: 'PATCH', url, headers: { ...as(keys.hanoi), 'if-match': '"2"' }, payload: { stage: 'abandoned', stageDate: '2026-09-01', note: 'Doanh nghiệp dừng dự án' } });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(dropped.json()).toMatchObject({ stage: 'abandoned', furthestStage: 'contract_signed', contractOn: '2026-06-15', note: 'Doanh nghiệp dừng dự án' });
    const reopen = await ctx.app.inject({ method: 'PATCH', url, headers: { ...as(keys.hanoi), 'if-match': '"3"' }, payload: { stage: 'implemented' } });
    expect(reopen.statusCode).toBe(409);
    const history = await ctx.app.inject({ method: 'GET', url: `${url}/history`, headers: as(keys.hanoi) });
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((h: { fromStage: string | null; toStage: string; stageDate: string }) => [h.fromStage, h.toStage, h.stageDate])).toEqual([
      [null, 'follow_up', '2026-03-11'],
      ['follow_up', 'contract_signed', '2026-06-15'],
      ['contract_signed', 'abandoned', '2026-09-01'],
    ]);
    expect(history.json().items[1]).toMatchObject({ valueVnd: 2500000000, clientName: 'Sở KH&CN TP.HCM' });
    const audit = await ctx.db.database.db.select().from(auditLog).where(eq(auditLog.entityId, o.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'stage.abandoned', 'stage.contract_signed']);
  });

  it('lets the ministry verify; a later change by a portal clears the verification', async () => {
    const o = (await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', headers: as(keys.hanoi), payload: { proposalId: ids.proposal, stage: 'contract_signed', stageDate: '2026-05-05', valueVnd: 1200000000 } })).json();
    expect(o).toMatchObject({ offerId: ids.offer, demandId: ids.demand, meetingId: null, eventId: null });
    const url = `/v1/outcomes/${o.id}/verify`;
    expect((await ctx.app.inject({ method: 'POST', url, headers: { ...as(keys.hanoi), 'if-match': '"1"' } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url })).statusCode).toBe(428);
    const verified = await ctx.app.inject({ method: 'POST', url, headers: { 'if-match': '"1"' } });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().verifiedAt).toEqual(expect.any(String));
    expect(verified.json().verifiedByName).toBe('test ministry');
    expect(verified.headers.etag).toBe('"2"');
    const twice = await ctx.app.inject({ method: 'POST', url, headers: { 'if-match': '"2"' } });
    expect(twice.json().version).toBe(2);
    const changed = await ctx.app.inject({ method: 'PATCH', url: `/v1/outcomes/${o.id}`, headers: { ...as(keys.hanoi), 'if-match': '"2"' }, payload: { valueVnd: 1300000000 } });
    expect(changed.json()).toMatchObject({ verifiedAt: null, valueVnd: 1300000000, stage: 'contract_signed' });
    const listed = await ctx.app.inject({ method: 'GET', url: '/v1/outcomes?verified=false&stage=contract_signed', headers: as(keys.hanoi) });
    expect(listed.json().items.map((i: { id: string }) => i.id)).toContain(o.id);
  });

  it('restricts a portal to its own side', async () => {
    // Đà Nẵng owns neither side: the proposal is not visible to it (404), naming the organisations is refused (400).
    const foreign = await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', headers: as(keys.danang), payload: { proposalId: ids.proposal } });
    expect(foreign.statusCode).toBe(404);
    const named = await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', headers: { ...as(keys.danang), 'accept-language': 'vi' }, payload: { supplyOrganizationId: ids.supplier, demandOrganizationId: ids.enterprise } });
    expect(named.statusCode).toBe(400);
    expect(named.json().errors[0].path).toBe('body.reportedSide');
    expect(named.json().errors[0].message).toMatch(/tỉnh/);
    const otherSide = await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', headers: as(keys.hanoi), payload: { offerId: ids.offer, demandId: ids.demand, reportedSide: 'supply' } });
    expect(otherSide.statusCode).toBe(400);
    expect(otherSide.json().errors[0].path).toBe('body.reportedSide');
    const list = await ctx.app.inject({ method: 'GET', url: '/v1/outcomes', headers: as(keys.danang) });
    expect(list.json().items).toEqual([]);
    const some = (await ctx.app.inject({ method: 'GET', url: '/v1/outcomes?limit=1', headers: as(keys.hanoi) })).json().items[0];
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/outcomes/${some.id}`, headers: as(keys.danang) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'PATCH', url: `/v1/outcomes/${some.id}`, headers: { ...as(keys.danang), 'if-match': '*' }, payload: { note: 'x' } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/outcomes', headers: as(keys.reader) })).statusCode).toBe(403);
  });

  it('validates input and names the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ offerId: ids.offer, demandId: ids.demand, stage: 'signed' }, 'body.stage'],
      [{ offerId: ids.offer, demandId: ids.demand, valueVnd: 12.5 }, 'body.valueVnd'],
      [{ offerId: ids.offer, demandId: ids.demand, valueVnd: '-5' }, 'body.valueVnd'],
      [{ offerId: ids.offer, demandId: ids.demand, transferMethods: ['fax'] }, 'body.transferMethods.0'],
      [{ offerId: ids.offer, demandId: ids.demand, documents: [{ kind: 'mou', title: 'x', url: 'http://example.vn/a' }] }, 'body.documents.0.url'],
      [{ offerId: ids.offer, demandId: ids.demand, stageDate: '2026-02-30' }, 'body.stageDate'],
      [{ offerId: ids.offer }, 'body.demandOrganizationId'],
      [{ proposalId: ids.proposal, offerId: '7c1e0000-0000-4000-8000-000000000000' }, 'body.offerId'],
      [{ offerId: ids.offer, demandId: ids.demand, colour: 'red' }, 'body'],
    ];
    for (const [payload, path] of cases) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path).join(' '), JSON.stringify(payload)).toContain(path);
    }
    const notHeld = await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', payload: { meetingId: ids.tentative } });
    expect(notHeld.statusCode).toBe(409);
    expect(notHeld.json().code).toBe('MEETING_NOT_HELD');
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', payload: { meetingId: '7c1e0000-0000-4000-8000-000000000000' } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/outcomes/7c1e0000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/outcomes/not-a-uuid' })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/outcomes?limit=0' })).json().errors[0].path).toBe('query.limit');
  });

  it('pages with a cursor bound to the filters', async () => {
    for (let i = 0; i < 3; i++) {
      await ctx.app.inject({ method: 'POST', url: '/v1/outcomes', payload: { offerId: ids.offer, demandId: ids.demand, stage: 'nda', stageDate: `2026-07-0${i + 1}` } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof ctx.app.inject>> = await ctx.app.inject({ method: 'GET', url: `/v1/outcomes?stage=nda&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const first = (await ctx.app.inject({ method: 'GET', url: '/v1/outcomes?stage=nda&limit=2' })).json();
    const wrong = await ctx.app.inject({ method: 'GET', url: `/v1/outcomes?stage=mou&limit=2&cursor=${encodeURIComponent(first.nextCursor)}` });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('query.cursor');
    const byProvince = (await ctx.app.inject({ method: 'GET', url: '/v1/outcomes?province=74&limit=100' })).json().items;
    expect(byProvince.length).toBeGreaterThan(0);
    expect(byProvince.every((o: { supplyCurrentProvince: string }) => o.supplyCurrentProvince === '79')).toBe(true);
  });

  it('hides other provinces\' outcomes at the row level, whatever the query', async () => {
    const view = (scope: { role: 'ministry' | 'portal' | 'reader'; provinces: string[] } | null) => ctx.db.database.withDefaultScope(scope).db;
    const all = await view({ role: 'ministry', provinces: [] }).select({ id: outcomes.id }).from(outcomes);
    expect(all.length).toBeGreaterThan(0);
    expect(await view({ role: 'portal', provinces: ['48'] }).select().from(outcomes)).toEqual([]);
    expect(await view({ role: 'reader', provinces: [] }).select().from(outcomes)).toEqual([]);
    expect(await view(null).select().from(outcomes)).toEqual([]);
    expect(await view(null).select().from(outcomeStageHistory)).toEqual([]);
    const hanoi = await view({ role: 'portal', provinces: ['01'] }).select({ id: outcomes.id }).from(outcomes);
    expect(hanoi.length).toBe(all.length);
    // A portal cannot write an outcome between two foreign provinces, even bypassing the service.
    const [one] = await view({ role: 'ministry', provinces: [] }).select().from(outcomes).limit(1);
    await expect(view({ role: 'portal', provinces: ['48'] }).insert(outcomes).values({ ...(one as typeof outcomes.$inferSelect), id: undefined as never, meetingId: null })).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it('keeps the history append-only for the application role', async () => {
    const [row] = await ctx.db.database.db.select().from(outcomeStageHistory).limit(1);
    const app = ctx.db.database.withDefaultScope({ role: 'ministry', provinces: [] });
    await expect(app.db.update(outcomeStageHistory).set({ note: 'rewritten' }).where(eq(outcomeStageHistory.id, (row as { id: string }).id))).rejects.toMatchObject({ cause: { code: '42501' } });
  });
});
