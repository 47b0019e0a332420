import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { demands, experts, offers, organizations } from '../../src/db/schema/index.js';
import { createKey, useTestApp } from '../helpers/app.js';
import { insertEvent, insertMeeting, insertProposal } from '../helpers/outcomes.js';
import { create, makeDemand, makeExpert, makeOffer, makeOrganization } from '../helpers/registry.js';

/**
 * GET /v1/stats on a hand-built data set whose every figure is known:
 *
 * - suppliers S1 (Bình Dương 74 → HCMC 79, via connection point "dkn-thu-dau-mot"), S2 (HCMC 79), S3 (Hà Nội 01);
 *   enterprises E1 (01), E2 (Bà Rịa – Vũng Tàu 77 → 79), E3 (Đà Nẵng 48);
 * - offers O1 (S1, ENV.WATER, 2025-03-10), O2 (S2, ICT.AI, 2025-08-05), O3 (S3, ENE.EFF, 2026-02-01, archived);
 *   demands D1 (E1, ENV.WATER, 2025-04-01, through "portal-ha-noi"), D2 (E2, ICT.AI, 2025-09-15), D3 (E3, ENE.EFF, 2026-01-20, archived);
 *   experts X1 (74), X2 (01);
 * - proposals P1 O1×D1 mutually accepted (2025-05-01, accepted 2025-05-10), P2 O2×D2 proposed (2025-10-01),
 *   P3 O3×D3 mutually accepted (2026-02-10, accepted 2026-02-12);
 * - one event: M1 S1×E1 held 2025-06-10 (P1), M2 S2×E2 no-show 2025-11-01, M3 S3×E3 confirmed 2026-03-01 (P3), M4 S2×E1 cancelled;
 * - outcomes: OC1 from M1 (MoU 2025-07-01, contract 2025-12-01, 1.5 billion VND), OC2 from P3 (contract 2026-04-01, 0.7 billion), OC3 S2×E2 follow-up.
 */
describe('statistics', () => {
  const ctx = useTestApp();
  const keys = { hcm: '', reader: '' };
  let eventId = '';

  const at = (d: string) => new Date(`${d}T03:00:00Z`);
  async function setCreated(table: typeof offers | typeof demands, id: string, d: string) {
    await ctx.db.database.db.update(table).set({ createdAt: at(d) }).where(eq(table.id, id));
  }
  const archive = async (resource: string, id: string) => {
    const res = await ctx.app.inject({ method: 'DELETE', url: `/v1/${resource}/${id}`, headers: { 'if-match': '*' } });
    expect(res.statusCode, res.body).toBe(204);
  };

  beforeAll(async () => {
    const { app, db } = ctx;
    const sys = db.database.db;
    keys.hcm = await createKey(db.database, 'portal', ['79'], 'Sở KH&CN TP.HCM');
    keys.reader = await createKey(db.database, 'reader');
    const org = async (province: string, name: string, extra: Record<string, unknown> = {}) => (await create(app, 'organizations', makeOrganization({ province, name: { vi: name }, ...extra }))).id;
    const S1 = await org('74', 'Trường Đại học Thủ Dầu Một', { kind: 'university', sourceSystem: 'dkn-thu-dau-mot', sourceRef: 's1' });
    const S2 = await org('79', 'Viện Công nghệ TP.HCM', { kind: 'research_institute' });
    const S3 = await org('01', 'Viện Năng lượng', { kind: 'research_institute' });
    const E1 = await org('01', 'Công ty Nước sạch Hà Nội');
    const E2 = await org('77', 'Công ty Cảng Vũng Tàu');
    const E3 = await org('48', 'Công ty Dệt Đà Nẵng');
    const O1 = (await create(app, 'offers', makeOffer(S1, { fields: ['ENV.WATER'] }))).id;
    const O2 = (await create(app, 'offers', makeOffer(S2, { fields: ['ICT.AI'] }))).id;
    const O3 = (await create(app, 'offers', makeOffer(S3, { fields: ['ENE.EFF'] }))).id;
    const D1 = (await create(app, 'demands', makeDemand(E1, { province: '01', fields: ['ENV.WATER'], sourceSystem: 'portal-ha-noi', sourceRef: 'd1' }))).id;
    const D2 = (await create(app, 'demands', makeDemand(E2, { province: '77', fields: ['ICT.AI'] }))).id;
    const D3 = (await create(app, 'demands', makeDemand(E3, { province: '48', fields: ['ENE.EFF'] }))).id;
    await create(app, 'experts', makeExpert({ province: '74' }));
    await create(app, 'experts', makeExpert({ province: '01', fullName: 'PGS.TS. Lê Văn Cường' }));
    for (const [table, id, d] of [[offers, O1, '2025-03-10'], [offers, O2, '2025-08-05'], [offers, O3, '2026-02-01'], [demands, D1, '2025-04-01'], [demands, D2, '2025-09-15'], [demands, D3, '2026-01-20']] as const) await setCreated(table, id, d);
    await sys.update(organizations).set({ createdAt: at('2024-12-01') });
    await sys.update(experts).set({ createdAt: at('2025-02-01') });
    await archive('offers', O3);
    await archive('demands', D3);

    const P1 = await insertProposal(sys, { offerId: O1, demandId: D1, supplyProvince: '79', demandProvince: '01', status: 'mutually_accepted', createdAt: at('2025-05-01'), acceptedAt: at('2025-05-10') });
    await insertProposal(sys, { offerId: O2, demandId: D2, supplyProvince: '79', demandProvince: '79', createdAt: at('2025-10-01') });
    const P3 = await insertProposal(sys, { offerId: O3, demandId: D3, supplyProvince: '01', demandProvince: '48', status: 'mutually_accepted', createdAt: at('2026-02-10'), acceptedAt: at('2026-02-12') });

    const ev = await insertEvent(sys, { province: '01', name: 'Techconnect Hà Nội 2025' });
    eventId = ev.eventId;
    const side = (organizationId: string, currentProvince: string) => ({ organizationId, currentProvince });
    const M1 = await insertMeeting(sys, { ...ev, slot: 0, supply: side(S1, '79'), demand: side(E1, '01'), status: 'held', startsAt: at('2025-06-10'), proposalId: P1 });
    await insertMeeting(sys, { ...ev, slot: 1, supply: side(S2, '79'), demand: side(E2, '79'), status: 'no_show', startsAt: at('2025-11-01') });
    await insertMeeting(sys, { ...ev, slot: 2, supply: side(S3, '01'), demand: side(E3, '48'), status: 'confirmed', startsAt: at('2026-03-01'), proposalId: P3 });
    await insertMeeting(sys, { ...ev, slot: 3, supply: side(S2, '79'), demand: side(E1, '01'), status: 'cancelled', startsAt: at('2026-03-01') });

    const post = async (payload: Record<string, unknown>) => {
      const res = await app.inject({ method: 'POST', url: '/v1/outcomes', payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const oc1 = await post({ meetingId: M1, stage: 'mou', stageDate: '2025-07-01' });
    const signed = await app.inject({ method: 'PATCH', url: `/v1/outcomes/${oc1.id}`, headers: { 'if-match': '"1"' }, payload: { stage: 'contract_signed', stageDate: '2025-12-01', valueVnd: 1500000000 } });
    expect(signed.statusCode, signed.body).toBe(200);
    await post({ proposalId: P3, stage: 'contract_signed', stageDate: '2026-04-01', valueVnd: '700000000' });
    await post({ supplyOrganizationId: S2, demandOrganizationId: E2 });
  });

  type Group = Record<string, unknown> & { rates: Record<string, number | null> };
  const stats = async (query: string, key?: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/v1/stats?${query}`, ...(key && { headers: { authorization: `Bearer ${key}` } }) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { rows: Group[]; national: Group[]; provinces: string[] | null };
  };
  const figures = (g: Group | undefined) => {
    const { demands: d, offers: o, supplyOrganizations: so, experts: x, proposals: p, mutuallyAccepted: ma, meetingsScheduled: ms, meetingsHeld: mh, noShows: ns, mous, contracts, contractValueVnd } = (g ?? {}) as Partial<Group>;
    return [d, o, so, x, p, ma, ms, mh, ns, mous, contracts, contractValueVnd];
  };

  it('counts the national totals, archived records included', async () => {
    const body = await stats('');
    expect(body.rows).toHaveLength(1);
    //                           dem off sup exp prop acc sch held ns mou con value
    expect(figures(body.rows[0])).toEqual([3, 3, 3, 2, 3, 2, 3, 1, 1, 2, 2, 2_200_000_000]);
    expect(body.rows[0]?.rates).toEqual({ mutualAcceptance: 0.6667, scheduledPerAccepted: 1.5, meetingHeld: 0.3333, noShow: 0.3333, mouPerHeldMeeting: 2, contractPerMou: 1, contractPerHeldMeeting: 2 });
    expect(body.national).toEqual(body.rows);
  });

  it('rolls merged provinces up to their successor, or keeps them as recorded', async () => {
    const current = await stats('groupBy=province');
    const byCode = new Map(current.rows.map((r) => [r.province, r]));
    expect([...byCode.keys()]).toEqual(['01', '48', '79']);
    expect(figures(byCode.get('79'))).toEqual([1, 2, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1_500_000_000]);
    expect(byCode.get('79')?.provinceName).toBe('Thành phố Hồ Chí Minh');
    expect(figures(byCode.get('01'))).toEqual([1, 1, 1, 1, 2, 2, 2, 1, 0, 2, 2, 2_200_000_000]);
    expect(figures(byCode.get('48'))).toEqual([1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 700_000_000]);
    expect(figures(current.national[0])).toEqual([3, 3, 3, 2, 3, 2, 3, 1, 1, 2, 2, 2_200_000_000]);

    const recorded = new Map((await stats('groupBy=province&provinceMode=recorded')).rows.map((r) => [r.province, r]));
    expect([...recorded.keys()]).toEqual(['01', '48', '74', '77', '79']);
    expect(figures(recorded.get('74'))).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1_500_000_000]);
    expect(figures(recorded.get('77'))).toEqual([1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0]);
    expect(figures(recorded.get('79'))).toEqual([0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0]);
    expect(recorded.get('74')?.provinceName).toBe('Tỉnh Bình Dương');
    // province=74 asks for the unit it belongs to now: Hồ Chí Minh City with its predecessors.
    expect(figures((await stats('province=74')).rows[0])).toEqual(figures(byCode.get('79')));
  });

  it('groups by period, field, event and connection point', async () => {
    const years = new Map((await stats('groupBy=period&period=year')).rows.map((r) => [r.period, r]));
    expect([...years.keys()]).toEqual(['2024', '2025', '2026']);
    expect(figures(years.get('2024'))).toEqual([0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(figures(years.get('2025'))).toEqual([2, 2, 0, 2, 2, 1, 2, 1, 1, 1, 1, 1_500_000_000]);
    expect(figures(years.get('2026'))).toEqual([1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 700_000_000]);
    const quarters = new Map((await stats('groupBy=period&period=quarter&from=2025-01-01&to=2025-06-30')).rows.map((r) => [r.period, r]));
    expect([...quarters.keys()]).toEqual(['2025-Q1', '2025-Q2']);
    expect(figures(quarters.get('2025-Q2'))).toEqual([1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    const months = (await stats('groupBy=period&period=month&from=2025-12-01&to=2025-12-31')).rows;
    expect(months.map((m) => [m.period, m.contracts, m.contractValueVnd])).toEqual([['2025-12', 1, 1_500_000_000]]);

    const fields = new Map((await stats('groupBy=field')).rows.map((r) => [r.field, r]));
    expect(figures(fields.get('ENV'))).toEqual([1, 1, 1, 2, 1, 1, 1, 1, 0, 1, 1, 1_500_000_000]);
    expect(figures(fields.get('ENE'))).toEqual([1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 700_000_000]);
    expect((fields.get('ENV')?.fieldLabel as { vi: string }).vi).toBe('Môi trường');
    // Experts have makeExpert's ENV.WATER field; the ad hoc meeting M2 has no proposal, so no field.
    expect(fields.get(null)?.meetingsScheduled).toBe(1);

    const byEvent = new Map((await stats('groupBy=event')).rows.map((r) => [r.eventId, r]));
    expect(figures(byEvent.get(eventId))).toEqual([3, 3, 3, 0, 2, 2, 3, 1, 1, 1, 1, 1_500_000_000]);
    expect(byEvent.get(eventId)?.eventName).toBe('Techconnect Hà Nội 2025');
    expect(figures(byEvent.get(null))).toEqual([0, 0, 0, 2, 1, 0, 0, 0, 0, 1, 1, 700_000_000]);

    const points = new Map((await stats('groupBy=connectionPoint')).rows.map((r) => [r.connectionPoint, r]));
    expect(figures(points.get('portal-ha-noi'))).toEqual([1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1_500_000_000]);
    expect(points.get('dkn-thu-dau-mot')?.supplyOrganizations).toBe(1);

    const two = (await stats('groupBy=province,period')).rows.find((r) => r.province === '79' && r.period === '2025');
    expect(figures(two)).toEqual([1, 2, 0, 1, 2, 1, 2, 1, 1, 1, 1, 1_500_000_000]);
  });

  it('counts the same when records are counted per organisation before joining its events, or read through a hash', async () => {
    const pick = (rows: Group[], key: string, value: unknown) => rows.filter((r) => r[key] === value);
    // By event and year: each organisation brought all its records (counted per organisation, then joined to the event).
    const eventYears = new Map(pick((await stats('groupBy=event,period&period=year')).rows, 'eventId', eventId).map((r) => [r.period, r]));
    expect([...eventYears.keys()]).toEqual(['2024', '2025', '2026']);
    expect(figures(eventYears.get('2024')).slice(0, 3)).toEqual([0, 0, 3]);
    expect(figures(eventYears.get('2025')).slice(0, 3)).toEqual([2, 2, 0]);
    expect(figures(eventYears.get('2026')).slice(0, 3)).toEqual([1, 1, 0]);
    const since2026 = pick((await stats('groupBy=event&from=2026-01-01')).rows, 'eventId', eventId);
    expect(figures(since2026[0]).slice(0, 3)).toEqual([1, 1, 0]);
    const eventFields = new Map(pick((await stats('groupBy=event,field')).rows, 'eventId', eventId).map((r) => [r.field, r]));
    for (const theme of ['ENV', 'ICT', 'ENE']) expect(figures(eventFields.get(theme)).slice(0, 3), theme).toEqual([1, 1, 1]);

    // Nationwide, proposals and meetings read offers and demands through a hash; a portal's own figures probe them: both agree.
    const nationwide = await stats('groupBy=field');
    const own = await stats('groupBy=field', keys.hcm);
    expect(own.national.map(figures)).toEqual(nationwide.rows.map(figures));
    const mine = new Map(own.rows.map((r) => [r.field, r]));
    //                                   dem off sup exp prop
    expect(figures(mine.get('ENV')).slice(0, 5)).toEqual([0, 1, 1, 1, 1]);
    expect(figures(mine.get('ICT')).slice(0, 5)).toEqual([1, 1, 1, 0, 1]);
    expect(mine.has('ENE')).toBe(false);
    // A portal's events: its own offers (O1, O2) and demand (D2), counted per organisation in its scope.
    const ownEvents = await stats('groupBy=event', keys.hcm);
    expect(figures(pick(ownEvents.rows, 'eventId', eventId)[0]).slice(0, 3)).toEqual([1, 2, 2]);
    expect(ownEvents.national.map(figures)).toEqual((await stats('groupBy=event')).rows.map(figures));
    const recorded = await stats('groupBy=province&provinceMode=recorded', keys.hcm);
    expect(recorded.national.map(figures)).toEqual((await stats('')).rows.map(figures));
  });

  it('shows a portal its own provinces and the national totals only', async () => {
    const own = await stats('groupBy=province', keys.hcm);
    expect(own.provinces).toEqual(['79']);
    expect(own.rows.map((r) => r.province)).toEqual(['79']);
    expect(figures(own.rows[0])).toEqual([1, 2, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1_500_000_000]);
    expect(own.national).toHaveLength(1);
    expect(figures(own.national[0])).toEqual([3, 3, 3, 2, 3, 2, 3, 1, 1, 2, 2, 2_200_000_000]);
    const totals = await stats('', keys.hcm);
    expect(figures(totals.rows[0])).toEqual([1, 2, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1_500_000_000]);
    const foreign = await ctx.app.inject({ method: 'GET', url: '/v1/stats?province=01', headers: { authorization: `Bearer ${keys.hcm}` } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().errors[0].path).toBe('query.province');
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/stats', headers: { authorization: `Bearer ${keys.reader}` } })).statusCode).toBe(403);
  });

  it('refuses bad parameters, naming them', async () => {
    for (const [query, path] of [['groupBy=province,colour', 'query.groupBy'], ['groupBy=field,field', 'query.groupBy'], ['period=week', 'query.period'], ['from=2025-13-01', 'query.from'], ['province=99', 'query.province'], ['format=pdf', 'query.format'], ['provinceMode=old', 'query.provinceMode'], ['limit=5', 'query']]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/v1/stats?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path).join(' '), query).toContain(path);
    }
  });

  it('exports the same tables as XLSX with Vietnamese headers', async () => {
    const json = await stats('groupBy=province,period');
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/stats?groupBy=province,period&format=xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Thống kê');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['Mã tỉnh/thành', 'Tỉnh/thành phố', 'Kỳ', 'Nhu cầu công nghệ tiếp nhận', 'Chào bán công nghệ (nguồn cung)']);
    expect(header).toContain('Tổng giá trị hợp đồng (đồng)');
    const rows: unknown[][] = [];
    sheet?.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toHaveLength(json.rows.length);
    const col = (name: string) => header.indexOf(name);
    const hcm2025 = rows.find((r) => r[0] === '79' && r[2] === '2025');
    expect(hcm2025?.[col('Tỉnh/thành phố')]).toBe('Thành phố Hồ Chí Minh');
    expect(hcm2025?.[col('Chào bán công nghệ (nguồn cung)')]).toBe(2);
    expect(hcm2025?.[col('Tổng giá trị hợp đồng (đồng)')]).toBe(1_500_000_000);
    expect(hcm2025?.[col('Tỷ lệ cuộc gặp diễn ra')]).toBe(0.5);
    const national = book.getWorksheet('Toàn quốc');
    expect((national?.getRow(1).values as unknown[]).slice(1, 3)).toEqual(['Kỳ', 'Nhu cầu công nghệ tiếp nhận']);
    expect(national?.rowCount).toBe(1 + json.national.length);
    // Nothing in the sheet could run as a formula.
    const all = JSON.stringify(rows);
    expect(all).not.toMatch(/"=/);
  });

  it('follows new and archived records at once, per event and per field', async () => {
    const [s1] = await ctx.db.database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.sourceRef, 's1'));
    const before = new Map((await stats('groupBy=event')).rows.map((r) => [r.eventId, r]));
    const o4 = (await create(ctx.app, 'offers', makeOffer(s1?.id as string, { fields: ['ICT.AI'] }))).id;
    const after = new Map((await stats('groupBy=event')).rows.map((r) => [r.eventId, r]));
    expect(after.get(eventId)?.offers).toBe((before.get(eventId)?.offers as number) + 1);
    const ict = (await stats('groupBy=field')).rows.find((r) => r.field === 'ICT');
    expect([ict?.offers, ict?.supplyOrganizations]).toEqual([2, 2]);
    await archive('offers', o4);
    expect((await stats('groupBy=event')).rows.find((r) => r.eventId === eventId)?.offers).toBe(after.get(eventId)?.offers);
  });
});
