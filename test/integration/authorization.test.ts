import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { createAccessService } from '../../src/modules/access/access.service.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';
import { makeEvent, makeSession } from '../helpers/events.js';
import { makeDemand, makeExpert, makeOffer, makeOrganization, uniqueRef } from '../helpers/registry.js';

/**
 * The authorisation matrix, generated from the route table: every operation in the OpenAPI
 * document × every kind of caller, on records of the portal's own province (79) and a foreign
 * one (01). An operation without an entry here fails the test.
 */
type CallerKind = 'anonymous' | 'revoked' | 'reader' | 'portal' | 'ministry';
type Scope = 'own' | 'foreign';
type Expect = (caller: CallerKind, scope: Scope) => number;
interface Record_ { id: string; version: number; sourceRef: string }
interface Case {
  /** Builds a request on a fresh record of that province (or none for collection routes). */
  request: (rec: Record_ | undefined, province: string) => { method: string; url: string; payload?: unknown; headers?: Record<string, string> };
  needsRecord: boolean;
  expect: Expect;
}

const OWN = '79';
const FOREIGN = '01';
const authFail = (c: CallerKind) => c === 'anonymous' || c === 'revoked';

/** Reads of a published record: anyone with a key. */
const readPublished: Expect = (c) => (authFail(c) ? 401 : 200);
/** Writes: ministry anywhere, a portal only in its own province (foreign ids: 404), never a reader. */
const write = (ok: number, foreignStatus = 404): Expect => (c, s) =>
  authFail(c) ? 401 : c === 'reader' ? 403 : c === 'ministry' || s === 'own' ? ok : foreignStatus;
const ministryOnly = (ok: number): Expect => (c) => (authFail(c) ? 401 : c === 'ministry' ? ok : 403);
const everyone: Expect = () => 200;

const registryCases = (resource: string, name: string, make: (orgId: string, province: string) => Record<string, unknown>): Record<string, Case> => ({
  [`create${name}`]: { needsRecord: false, request: (_r, p) => ({ method: 'POST', url: `/v1/${resource}`, payload: make(orgs[p] as string, p) }), expect: write(201, 400) },
  [`get${name}`]: { needsRecord: true, request: (r) => ({ method: 'GET', url: `/v1/${resource}/${r?.id}` }), expect: readPublished },
  [`update${name}`]: { needsRecord: true, request: (r) => ({ method: 'PATCH', url: `/v1/${resource}/${r?.id}`, payload: patchOf(resource), headers: { 'if-match': `"${r?.version}"` } }), expect: write(200) },
  [`archive${name}`]: { needsRecord: true, request: (r) => ({ method: 'DELETE', url: `/v1/${resource}/${r?.id}`, headers: { 'if-match': `"${r?.version}"` } }), expect: write(204) },
  [`put${name}ByRef`]: {
    needsRecord: true,
    request: (r, p) => ({ method: 'PUT', url: `/v1/${resource}/by-ref/matrix/${r?.sourceRef}`, payload: { ...make(orgs[p] as string, p), ...patchOf(resource) }, headers: { 'if-match': '*' } }),
    expect: write(200),
  },
  [`export${name}s`]: { needsRecord: false, request: () => ({ method: 'GET', url: `/v1/${resource}/export?format=csv` }), expect: readPublished },
  [`list${name}s`]: { needsRecord: false, request: () => ({ method: 'GET', url: `/v1/${resource}?limit=100` }), expect: readPublished },
});

const patchOf = (resource: string) => (resource === 'organizations' ? { shortName: 'PATCHED' } : { keywords: ['patched'] });

// Filled in beforeAll: an organisation per province, for records that refer to one.
const orgs: Record<string, string> = {};

const makers: Record<string, (orgId: string, province: string) => Record<string, unknown>> = {
  organizations: (_o, p) => makeOrganization({ province: p, name: { vi: `Tổ chức ${uniqueRef()}` } }),
  offers: (o) => makeOffer(o, { keywords: ['matrix'] }),
  demands: (o, p) => makeDemand(o, { province: p }),
  experts: (_o, p) => makeExpert({ province: p }),
};

const CASES: Record<string, Case> = {
  ...registryCases('organizations', 'Organization', makers.organizations as never),
  ...registryCases('offers', 'Offer', makers.offers as never),
  ...registryCases('demands', 'Demand', makers.demands as never),
  ...registryCases('experts', 'Expert', makers.experts as never),
  listProvinces: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/reference/provinces' }), expect: everyone },
  listTechnologyFields: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/reference/fields' }), expect: everyone },
  getSystemStatus: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/system/status' }), expect: ministryOnly(200) },
  createApiClient: { needsRecord: false, request: () => ({ method: 'POST', url: '/v1/admin/clients', payload: { name: `c ${uniqueRef()}`, role: 'reader' } }), expect: ministryOnly(201) },
  listApiClients: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/admin/clients' }), expect: ministryOnly(200) },
  getApiClient: { needsRecord: false, request: () => ({ method: 'GET', url: `/v1/admin/clients/${adminClient}` }), expect: ministryOnly(200) },
  addApiKey: { needsRecord: false, request: () => ({ method: 'POST', url: `/v1/admin/clients/${spareClient()}/keys`, payload: {} }), expect: ministryOnly(201) },
  revokeApiKey: { needsRecord: false, request: () => ({ method: 'DELETE', url: `/v1/admin/clients/${adminClient}/keys/${adminKeyId}` }), expect: ministryOnly(204) },
  revokeApiClient: { needsRecord: false, request: () => ({ method: 'DELETE', url: `/v1/admin/clients/${spareClient()}` }), expect: ministryOnly(204) },
  listAuditEntries: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/admin/audit?limit=5' }), expect: ministryOnly(200) },
  createImport: { needsRecord: false, request: () => ({ method: 'POST', url: '/v1/imports?resource=organizations&sourceSystem=matrix', payload: 'sourceRef,kind\n', headers: { 'content-type': 'text/csv' } }), expect: (c) => (authFail(c) ? 401 : c === 'reader' ? 403 : 202) },
  getImport: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/imports/7c1e0000-0000-4000-8000-000000000000' }), expect: (c) => (authFail(c) ? 401 : 404) },
  getImportTemplate: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/imports/templates/offers?format=csv' }), expect: readPublished },
  // A subscription belongs to the calling client, not to a province.
  createWebhook: { needsRecord: false, request: () => ({ method: 'POST', url: '/v1/webhooks', payload: { url: 'https://203.162.4.191/hook', eventTypes: ['offer.updated'] } }), expect: (c) => (authFail(c) ? 401 : c === 'reader' ? 403 : 201) },
  listWebhooks: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/webhooks' }), expect: write(200) },
  deleteWebhook: { needsRecord: false, request: () => ({ method: 'DELETE', url: '/v1/webhooks/7c1e0000-0000-4000-8000-000000000000' }), expect: write(404) },
  listWebhookDeliveries: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/webhooks/7c1e0000-0000-4000-8000-000000000000/deliveries' }), expect: write(404) },
  // Matching: ministry and portals; a portal runs only its own province (another one is 403).
  createMatchRun: { needsRecord: false, request: (_r, p) => ({ method: 'POST', url: '/v1/matching/runs', payload: { scope: { kind: 'province', province: p } } }), expect: write(202, 403) },
  listMatchRuns: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/matching/runs' }), expect: write(200) },
  getMatchRun: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/matching/runs/7c1e0000-0000-4000-8000-000000000000' }), expect: write(404) },
  listProposals: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/proposals' }), expect: write(200) },
  getProposal: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/proposals/7c1e0000-0000-4000-8000-000000000000' }), expect: write(404) },
  decideProposal: { needsRecord: false, request: () => ({ method: 'POST', url: '/v1/proposals/7c1e0000-0000-4000-8000-000000000000/decisions', payload: { side: 'demand', decision: 'accept' } }), expect: write(404) },
  // Events: ministry and portals; every portal reads every event (participants come from many provinces), only the organiser changes one (others: 404).
  ...eventCases(),
  // Outcomes: either side's portal reports and reads (another province's outcome: 404; naming no side of its own: 400); the ministry verifies.
  ...outcomeCases(),
  getLiveness: { needsRecord: false, request: () => ({ method: 'GET', url: '/health/live' }), expect: everyone },
  getReadiness: { needsRecord: false, request: () => ({ method: 'GET', url: '/health/ready' }), expect: everyone },
};

/** Reads open to the ministry and every portal; changes only by the organising province (404 for others). */
function eventCases(): Record<string, Case> {
  const NONE = '7c1e0000-0000-4000-8000-000000000000';
  const readAny = (ok: number): Expect => (c) => (authFail(c) ? 401 : c === 'reader' ? 403 : ok);
  const ev = (needsRecord: boolean, method: string, path: string, expect: Expect, payload?: (p: string) => unknown): Case => ({
    needsRecord,
    request: (r, p) => ({ method, url: `/v1/events/${r?.id ?? NONE}${path}`, ...(payload && { payload: payload(p) }) }),
    expect,
  });
  return {
    createEvent: { needsRecord: false, request: (_r, p) => ({ method: 'POST', url: '/v1/events', payload: makeEvent({ province: p }) }), expect: write(201, 403) },
    listEvents: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/events' }), expect: readAny(200) },
    getEvent: ev(true, 'GET', '', readAny(200)),
    updateEvent: { needsRecord: true, request: (r) => ({ method: 'PATCH', url: `/v1/events/${r?.id}`, payload: { venue: 'Hội trường B' }, headers: { 'if-match': `"${r?.version}"` } }), expect: write(200) },
    createEventSession: ev(true, 'POST', '/sessions', write(201), () => makeSession()),
    listEventSessions: ev(true, 'GET', '/sessions', readAny(200)),
    createEventLocation: ev(true, 'POST', '/locations', write(201), () => ({ kind: 'table', label: `Bàn ${uniqueRef()}` })),
    listEventLocations: ev(true, 'GET', '/locations', readAny(200)),
    createEventParticipant: ev(true, 'POST', '/participants', write(201), (p) => ({ side: 'demand', organizationId: orgs[p] })),
    listEventParticipants: ev(true, 'GET', '/participants', readAny(200)),
    setParticipantAvailability: ev(true, 'PUT', `/participants/${NONE}/availability`, write(404), () => ({ blocked: [] })),
    pullMeetingRequests: ev(true, 'POST', '/requests/from-proposals', write(200)),
    // The organiser is told the requester is not a participant (400); anyone else does not see the event (404).
    createMeetingRequest: ev(true, 'POST', '/requests', write(400), () => ({ requesterId: NONE, otherId: '7c1e0000-0000-4000-8000-000000000001' })),
    listMeetingRequests: ev(true, 'GET', '/requests', readAny(200)),
    decideMeetingRequest: ev(true, 'POST', `/requests/${NONE}/decision`, write(404), () => ({ participantId: NONE, decision: 'accept' })),
    // A new event is still in planning: scheduling and publishing are conflicts for the organiser.
    scheduleEvent: ev(true, 'POST', '/schedule', write(409), () => ({})),
    getEventSchedule: ev(true, 'GET', '/schedule', readAny(404)),
    publishEventSchedule: ev(true, 'POST', '/schedule/publish', write(409)),
    exportEventSchedule: ev(true, 'GET', '/schedule/export?format=csv', write(200)),
    getParticipantAgenda: ev(true, 'GET', `/participants/${NONE}/agenda`, readAny(404)),
    listEventMeetings: ev(true, 'GET', '/meetings', readAny(200)),
    getEventMeeting: ev(true, 'GET', `/meetings/${NONE}`, readAny(404)),
    updateEventMeeting: ev(true, 'PATCH', `/meetings/${NONE}`, write(404), () => ({ locked: true })),
    recordMeetingResult: ev(true, 'POST', `/meetings/${NONE}/result`, readAny(404), () => ({ outcome: 'held' })),
  };
}

/** An outcome's record is made between orgs[p] (supply) and a second organisation of p (demand), whose id travels in sourceRef. */
function outcomeCases(): Record<string, Case> {
  const oc = (method: string, path: string, expect: Expect, extra: (r: Record_ | undefined, p: string) => { payload?: unknown; headers?: Record<string, string> } = () => ({})): Case => ({
    needsRecord: true,
    request: (r, p) => ({ method, url: `/v1/outcomes${path.replace(':id', r?.id ?? '7c1e0000-0000-4000-8000-000000000000')}`, ...extra(r, p) }),
    expect,
  });
  return {
    createOutcome: oc('POST', '', write(201, 400), (r, p) => ({ payload: { supplyOrganizationId: orgs[p], demandOrganizationId: r?.sourceRef } })),
    listOutcomes: { needsRecord: false, request: () => ({ method: 'GET', url: '/v1/outcomes' }), expect: write(200) },
    getOutcome: oc('GET', '/:id', write(200)),
    listOutcomeHistory: oc('GET', '/:id/history', write(200)),
    updateOutcome: oc('PATCH', '/:id', write(200), (r) => ({ payload: { stage: 'nda' }, headers: { 'if-match': `"${r?.version}"` } })),
    verifyOutcome: oc('POST', '/:id/verify', ministryOnly(200), (r) => ({ headers: { 'if-match': `"${r?.version}"` } })),
    // Statistics: a portal may ask for its own province (another one: 403); readers get none.
    getStats: { needsRecord: false, request: (_r, p) => ({ method: 'GET', url: `/v1/stats?province=${p}` }), expect: write(200, 403) },
  };
}

let adminClient = '';
let adminKeyId = '';
const spareClients: string[] = [];
const spareClient = () => spareClients.shift() as string;

describe('authorisation matrix', () => {
  let db: TestDatabase;
  let app: App;
  const queue = createInProcessBackend({ log: testLogger });
  const keys: Partial<Record<CallerKind, string>> = {};
  let ministryKey = '';

  beforeAll(async () => {
    db = await createPostgresDatabase();
    app = await createTestApp({ database: db.database, queue });
    ministryKey = await createKey(db.database, 'ministry');
    keys.ministry = ministryKey;
    keys.reader = await createKey(db.database, 'reader');
    keys.portal = await createKey(db.database, 'portal', [OWN]);
    const access = createAccessService({ db: db.database.db });
    const revoked = await access.createClient({ name: 'revoked', role: 'ministry', provinces: [] });
    await access.revokeClient(revoked.client.id);
    keys.revoked = revoked.secret;
    const admin = await access.createClient({ name: 'admin target', role: 'reader', provinces: [] });
    adminClient = admin.client.id;
    adminKeyId = admin.key.id;
    for (let i = 0; i < 20; i++) spareClients.push((await access.createClient({ name: `spare ${i}`, role: 'reader', provinces: [] })).client.id);
    for (const p of [OWN, FOREIGN]) {
      const res = await app.inject({ method: 'POST', url: '/v1/organizations', payload: makeOrganization({ province: p }), headers: { authorization: `Bearer ${ministryKey}` } });
      orgs[p] = res.json().id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await queue.close();
    await db?.drop();
  });

  const freshRecord = async (url: string, province: string): Promise<Record_> => {
    const resource = url.split('/')[2] as string;
    const sourceRef = uniqueRef();
    if (resource === 'outcomes') {
      const auth = { authorization: `Bearer ${ministryKey}` };
      const other = await app.inject({ method: 'POST', url: '/v1/organizations', payload: makeOrganization({ province, name: { vi: `Doanh nghiệp ${sourceRef}` } }), headers: auth });
      const res = await app.inject({ method: 'POST', url: '/v1/outcomes', payload: { supplyOrganizationId: orgs[province], demandOrganizationId: other.json().id }, headers: auth });
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id, version: res.json().version, sourceRef: other.json().id };
    }
    if (resource === 'events') {
      const res = await app.inject({ method: 'POST', url: '/v1/events', payload: makeEvent({ province }), headers: { authorization: `Bearer ${ministryKey}` } });
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id, version: res.json().version, sourceRef };
    }
    const res = await app.inject({
      method: 'PUT',
      url: `/v1/${resource}/by-ref/matrix/${sourceRef}`,
      payload: (makers[resource] as (o: string, p: string) => Record<string, unknown>)(orgs[province] as string, province),
      headers: { authorization: `Bearer ${ministryKey}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id, version: res.json().version, sourceRef };
  };

  it('has an entry for every operation in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(operations.filter((id) => !CASES[id])).toEqual([]);
    expect(Object.keys(CASES).filter((id) => !operations.includes(id))).toEqual([]);
  });

  const callers: CallerKind[] = ['anonymous', 'revoked', 'reader', 'portal', 'ministry'];
  for (const [operationId, c] of Object.entries(CASES)) {
    for (const caller of callers) {
      for (const scope of ['own', 'foreign'] as Scope[]) {
        if (!c.needsRecord && scope === 'foreign' && !operationId.startsWith('create')) continue;
        it(`${operationId} as ${caller} on ${scope} → ${c.expect(caller, scope)}`, async () => {
          const province = scope === 'own' ? OWN : FOREIGN;
          const probe = c.request(undefined, province);
          const record = c.needsRecord ? await freshRecord(probe.url, province) : undefined;
          const req = c.request(record, province);
          const key = keys[caller];
          const res = await app.inject({
            method: req.method as 'GET',
            url: req.url,
            ...(req.payload !== undefined && { payload: req.payload as object }),
            headers: { ...req.headers, authorization: caller === 'anonymous' ? '' : `Bearer ${key}` },
          });
          expect(res.statusCode, res.body).toBe(c.expect(caller, scope));
          if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        });
      }
    }
  }

  it('never shows another province its contacts or experts’ personal data, in reads or lists', async () => {
    const privateOrg = await app.inject({
      method: 'POST',
      url: '/v1/organizations',
      payload: makeOrganization({ province: FOREIGN, contacts: [{ name: 'Lê Thị Riêng Tư', email: 'rieng.tu@example.vn' }] }),
      headers: { authorization: `Bearer ${ministryKey}` },
    });
    const privateExpert = await app.inject({
      method: 'POST',
      url: '/v1/experts',
      payload: makeExpert({ province: FOREIGN, email: 'chuyengia.rieng@example.vn', phone: '+84 24 3999 9999' }),
      headers: { authorization: `Bearer ${ministryKey}` },
    });
    for (const caller of ['portal', 'reader'] as const) {
      const auth = { authorization: `Bearer ${keys[caller]}` };
      const bodies = [
        (await app.inject({ method: 'GET', url: `/v1/organizations/${privateOrg.json().id}`, headers: auth })).body,
        (await app.inject({ method: 'GET', url: `/v1/experts/${privateExpert.json().id}`, headers: auth })).body,
        (await app.inject({ method: 'GET', url: '/v1/organizations?limit=100', headers: auth })).body,
        (await app.inject({ method: 'GET', url: '/v1/experts?limit=100', headers: auth })).body,
        (await app.inject({ method: 'GET', url: `/v1/experts?q=${encodeURIComponent('Trần Thị Bình')}`, headers: auth })).body,
      ];
      for (const body of bodies) {
        expect(body).not.toContain('rieng.tu@example.vn');
        expect(body).not.toContain('Lê Thị Riêng Tư');
        expect(body).not.toContain('chuyengia.rieng@example.vn');
        expect(body).not.toContain('3999 9999');
      }
    }
    const own = await app.inject({ method: 'GET', url: `/v1/experts/${privateExpert.json().id}`, headers: { authorization: `Bearer ${ministryKey}` } });
    expect(own.json().email).toBe('chuyengia.rieng@example.vn');
  });

  it.each([
    ['POST', '/%761/admin/clients'],
    ['GET', '/%761/organizations'],
    ['GET', '/%76%31/admin/audit'],
    ['GET', '/v1/%61dmin/clients'],
  ])('authenticates %s %s: the route that matched decides, not the raw URL', async (method, url) => {
    const res = await app.inject({ method: method as 'GET', url, payload: method === 'POST' ? { name: 'x', role: 'ministry' } : undefined, headers: { authorization: '' } });
    expect(res.statusCode, res.body).toBe(401);
  });

  it('hides other provinces’ drafts from portals and readers, in reads and lists', async () => {
    const draft = await app.inject({
      method: 'POST',
      url: '/v1/offers',
      payload: makeOffer(orgs[FOREIGN] as string, { status: 'draft', title: { vi: 'Bản nháp bí mật zqxdraft' } }),
      headers: { authorization: `Bearer ${ministryKey}` },
    });
    for (const caller of ['portal', 'reader'] as const) {
      const auth = { authorization: `Bearer ${keys[caller]}` };
      expect((await app.inject({ method: 'GET', url: `/v1/offers/${draft.json().id}`, headers: auth })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/v1/offers?q=zqxdraft', headers: auth })).json().items).toEqual([]);
    }
  });

  it('does not let a portal file a record under another province (mass assignment)', async () => {
    const auth = { authorization: `Bearer ${keys.portal}` };
    const res = await app.inject({ method: 'POST', url: '/v1/demands', payload: makeDemand(orgs[OWN] as string, { province: FOREIGN }), headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.province');
    const own = await app.inject({ method: 'POST', url: '/v1/demands', payload: makeDemand(orgs[OWN] as string, { province: OWN }), headers: auth });
    expect(own.statusCode).toBe(201);
    const move = await app.inject({ method: 'PATCH', url: `/v1/demands/${own.json().id}`, payload: { province: FOREIGN }, headers: { ...auth, 'if-match': '"1"' } });
    expect(move.statusCode).toBe(400);
    for (const field of ['id', 'version', 'createdAt', 'updatedAt', 'archivedAt', 'currentProvince', 'sourceSystem']) {
      const extra = await app.inject({ method: 'PATCH', url: `/v1/demands/${own.json().id}`, payload: { [field]: 'x' }, headers: { ...auth, 'if-match': '"1"' } });
      expect(extra.statusCode, field).toBe(400);
    }
  });
});
