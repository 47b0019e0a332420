import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';
import { create, makeDemand, makeExpert, makeOffer, makeOrganization, uniqueRef } from '../helpers/registry.js';

const PROBLEM = /^application\/problem\+json/;

describe('registry over HTTP', () => {
  let db: TestDatabase;
  let app: App;
  let org: { id: string };
  const queue = createInProcessBackend({ log: testLogger });

  beforeAll(async () => {
    db = await createPostgresDatabase();
    app = await createTestApp({ database: db.database, queue });
    org = await create(app, 'organizations', makeOrganization());
  });
  afterAll(async () => {
    await app?.close();
    await queue.close();
    await db?.drop();
  });

  describe('create and read', () => {
    it.each([
      ['organizations', () => makeOrganization({ taxCode: '0312345678' })],
      ['offers', () => makeOffer(org.id)],
      ['demands', () => makeDemand(org.id)],
      ['experts', () => makeExpert({ affiliationId: org.id })],
    ])('%s: 201 with Location, ETag and id; GET returns it', async (resource, body) => {
      const res = await app.inject({ method: 'POST', url: `/v1/${resource}`, payload: body() });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json();
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.location).toBe(`/v1/${resource}/${created.id}`);
      expect(res.headers.etag).toBe('"1"');
      const read = await app.inject({ method: 'GET', url: `/v1/${resource}/${created.id}` });
      expect(read.statusCode).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.json()).toEqual(created);
      const notModified = await app.inject({ method: 'GET', url: `/v1/${resource}/${created.id}`, headers: { 'if-none-match': '"1"' } });
      expect(notModified.statusCode).toBe(304);
    });

    it('stores money as integers, accepts digit strings, inherits the province and sets validity', async () => {
      const offer = await create(app, 'offers', makeOffer(org.id));
      expect(offer).toMatchObject({ priceMin: 800000000, priceMax: 1200000000, province: '96', currentProvince: '96', status: 'published', effectiveStatus: 'published' });
      const inAYear = new Date();
      inAYear.setUTCMonth(inAYear.getUTCMonth() + 12);
      expect(offer.validUntil).toBe(inAYear.toISOString().slice(0, 10));
      expect(offer.publishedAt).toBeTruthy();
    });

    it('NFC-normalises every text', async () => {
      const nfd = 'Xử lý nước thải'.normalize('NFD');
      const offer = await create(app, 'offers', makeOffer(org.id, { title: { vi: nfd }, keywords: ['nước'.normalize('NFD')] }));
      expect((offer.title as { vi: string }).vi).toBe('Xử lý nước thải'.normalize('NFC'));
      expect(offer.keywords).toEqual(['nước'.normalize('NFC')]);
    });

    it('rolls a pre-2025 province up to its current unit', async () => {
      const old = await create(app, 'organizations', makeOrganization({ province: '74', name: { vi: 'Công ty Bình Dương cũ' } }));
      expect(old).toMatchObject({ province: '74', currentProvince: '79' });
    });

    it('404s an unknown id with a problem', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/offers/7c1e0000-0000-4000-8000-000000000000' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json().code).toBe('OFFER_NOT_FOUND');
    });

    it('400s a malformed id', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/offers/not-a-uuid' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('params.id');
    });
  });

  describe('validation', () => {
    it.each([
      ['an unknown field', { extra: 1 }, 'body.extra'],
      ['TRL 10', { trl: 10 }, 'body.trl'],
      ['TRL 0', { trl: 0 }, 'body.trl'],
      ['a float price', { priceMin: 1.5 }, 'body.priceMin'],
      ['a negative price', { priceMin: -5 }, 'body.priceMin'],
      ['a price that is not digits', { priceMin: '12e5' }, 'body.priceMin'],
      ['min above max', { priceMin: 5, priceMax: 4 }, 'body.priceMax'],
      ['an unknown province', { province: '99' }, 'body.province'],
      ['an unknown field code', { fields: ['NOPE'] }, 'body.fields.0'],
      ['no fields', { fields: [] }, 'body.fields'],
      ['a title too long', { title: { vi: 'x'.repeat(301) } }, 'body.title.vi'],
      ['an empty title', { title: {} }, 'body.title'],
      ['a bad status', { status: 'archived' }, 'body.status'],
      ['a bad date', { validUntil: '2027-13-01' }, 'body.validUntil'],
      ['validity too far', { validUntil: '2099-01-01' }, 'body.validUntil'],
      ['published but already past', { validUntil: '2020-01-01' }, 'body.validUntil'],
      ['an unknown organization', { organizationId: '7c1e0000-0000-4000-8000-000000000000' }, 'body.organizationId'],
      ['a control character', { summary: { vi: 'a\u0007b' } }, 'body.summary.vi'],
      ['a duplicate deal type', { dealTypes: ['sale', 'sale'] }, 'body.dealTypes'],
    ])('refuses %s with 400 naming %s, and writes nothing', async (_name, override, path) => {
      const before = (await app.inject({ method: 'GET', url: '/v1/offers?limit=100&includeArchived=true' })).json().items.length;
      const res = await app.inject({ method: 'POST', url: '/v1/offers', payload: makeOffer(org.id, override) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
      const after = (await app.inject({ method: 'GET', url: '/v1/offers?limit=100&includeArchived=true' })).json().items.length;
      expect(after).toBe(before);
    });

    it('gives Vietnamese messages for custom rules', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/offers', payload: makeOffer(org.id, { priceMin: 5, priceMax: 4 }), headers: { 'accept-language': 'vi' } });
      expect(res.json().errors[0].message).toBe('priceMax không được nhỏ hơn priceMin');
    });

    it('409s a duplicate tax code', async () => {
      await create(app, 'organizations', makeOrganization({ taxCode: '0399999999' }));
      const res = await app.inject({ method: 'POST', url: '/v1/organizations', payload: makeOrganization({ taxCode: '0399999999' }) });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('CONFLICT_ORGANIZATIONS_TAX_CODE_KEY');
    });
  });

  describe('PATCH and DELETE with If-Match', () => {
    it('updates with the current ETag, bumps the version, 412 on a stale one, 428 without', async () => {
      const offer = await create(app, 'offers', makeOffer(org.id));
      const url = `/v1/offers/${offer.id}`;
      const missing = await app.inject({ method: 'PATCH', url, payload: { trl: 8 } });
      expect(missing.statusCode).toBe(428);
      expect(missing.headers['content-type']).toMatch(PROBLEM);
      const ok = await app.inject({ method: 'PATCH', url, payload: { trl: 8 }, headers: { 'if-match': '"1"' } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ trl: 8, version: 2 });
      expect(ok.headers.etag).toBe('"2"');
      const stale = await app.inject({ method: 'PATCH', url, payload: { trl: 9 }, headers: { 'if-match': '"1"' } });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().code).toBe('STALE_VERSION');
      expect((await app.inject({ method: 'GET', url })).json().trl).toBe(8);
    });

    it('validates the merged record and clears optional fields with null', async () => {
      const offer = await create(app, 'offers', makeOffer(org.id));
      const url = `/v1/offers/${offer.id}`;
      const bad = await app.inject({ method: 'PATCH', url, payload: { priceMin: 2000000000 }, headers: { 'if-match': '"1"' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('body.priceMax');
      const cleared = await app.inject({ method: 'PATCH', url, payload: { priceMax: null, priceMin: 2000000000 }, headers: { 'if-match': '"1"' } });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(cleared.json().priceMax).toBeUndefined();
      const required = await app.inject({ method: 'PATCH', url, payload: { title: null }, headers: { 'if-match': '"2"' } });
      expect(required.statusCode).toBe(400);
    });

    it('an unchanged PATCH keeps the version', async () => {
      const offer = await create(app, 'offers', makeOffer(org.id));
      const res = await app.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, payload: { trl: 7 }, headers: { 'if-match': '"1"' } });
      expect(res.json().version).toBe(1);
    });

    it('enforces the lifecycle', async () => {
      const offer = await create(app, 'offers', makeOffer(org.id, { status: 'draft' }));
      const url = `/v1/offers/${offer.id}`;
      const published = await app.inject({ method: 'PATCH', url, payload: { status: 'published' }, headers: { 'if-match': '"1"' } });
      expect(published.json()).toMatchObject({ status: 'published', version: 2 });
      const closed = await app.inject({ method: 'PATCH', url, payload: { status: 'closed' }, headers: { 'if-match': '"2"' } });
      expect(closed.statusCode).toBe(200);
      const reopen = await app.inject({ method: 'PATCH', url, payload: { status: 'published' }, headers: { 'if-match': '"3"' } });
      expect(reopen.statusCode).toBe(409);
      expect(reopen.json().code).toBe('INVALID_TRANSITION');
    });

    it('archives: 428 without If-Match, 204 with it; leaves lists, still readable; PATCH then 409', async () => {
      const offer = await create(app, 'offers', makeOffer(org.id, { title: { vi: 'Bản ghi sẽ lưu trữ zqxarchive' } }));
      const url = `/v1/offers/${offer.id}`;
      expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(428);
      expect((await app.inject({ method: 'DELETE', url, headers: { 'if-match': '"0"' } })).statusCode).toBe(412);
      expect((await app.inject({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).statusCode).toBe(204);
      const read = await app.inject({ method: 'GET', url });
      expect(read.json().archivedAt).toBeTruthy();
      const list = await app.inject({ method: 'GET', url: '/v1/offers?q=zqxarchive' });
      expect(list.json().items).toEqual([]);
      const withArchived = await app.inject({ method: 'GET', url: '/v1/offers?q=zqxarchive&includeArchived=true' });
      expect(withArchived.json().items).toHaveLength(1);
      const patch = await app.inject({ method: 'PATCH', url, payload: { trl: 3 }, headers: { 'if-match': '*' } });
      expect(patch.statusCode).toBe(409);
    });

    it('gives exactly one winner among concurrent PATCHes with the same If-Match', async () => {
      const offer = await create(app, 'offers', makeOffer(org.id));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          app.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, payload: { keywords: [`k${i}`] }, headers: { 'if-match': '"1"' } }),
        ),
      );
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes.filter((c) => c === 200)).toHaveLength(1);
      expect(codes.filter((c) => c === 412)).toHaveLength(9);
    });
  });

  describe('PUT by-ref', () => {
    it('creates once, replays without change, replaces with If-Match', async () => {
      const ref = uniqueRef();
      const url = `/v1/demands/by-ref/portal-ca-mau/${ref}`;
      const body = makeDemand(org.id);
      const first = await app.inject({ method: 'PUT', url, payload: body });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({ sourceSystem: 'portal-ca-mau', sourceRef: ref, version: 1 });
      const again = await app.inject({ method: 'PUT', url, payload: body, headers: { 'if-match': '*' } });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ id: first.json().id, version: 1, updatedAt: first.json().updatedAt });
      const noHeader = await app.inject({ method: 'PUT', url, payload: body });
      expect(noHeader.statusCode).toBe(428);
      const changed = await app.inject({ method: 'PUT', url, payload: { ...body, minTrl: 4 }, headers: { 'if-match': '"1"' } });
      expect(changed.json()).toMatchObject({ id: first.json().id, version: 2, minTrl: 4 });
      const stale = await app.inject({ method: 'PUT', url, payload: { ...body, minTrl: 5 }, headers: { 'if-match': '"1"' } });
      expect(stale.statusCode).toBe(412);
      const list = await app.inject({ method: 'GET', url: `/v1/demands?organizationId=${org.id}&limit=100` });
      expect(list.json().items.filter((d: { sourceRef: string }) => d.sourceRef === ref)).toHaveLength(1);
    });

    it('replaces the whole record: fields left out are cleared', async () => {
      const ref = uniqueRef();
      const url = `/v1/offers/by-ref/portal-ha-noi/${ref}`;
      await app.inject({ method: 'PUT', url, payload: makeOffer(org.id, { advantages: { vi: 'Rẻ' } }) });
      const replaced = await app.inject({ method: 'PUT', url, payload: makeOffer(org.id), headers: { 'if-match': '"1"' } });
      expect(replaced.json().advantages).toBeUndefined();
    });

    it('never creates twins under concurrent first PUTs', async () => {
      const ref = uniqueRef();
      const url = `/v1/experts/by-ref/portal-hai-phong/${ref}`;
      const results = await Promise.all(Array.from({ length: 8 }, () => app.inject({ method: 'PUT', url, payload: makeExpert(), headers: { 'if-match': '*' } })));
      expect(results.every((r) => r.statusCode < 500)).toBe(true);
      const ids = new Set(results.filter((r) => r.statusCode < 300).map((r) => r.json().id));
      expect(ids.size).toBe(1);
    });

    it('refuses sourceRef in the body and a bad sourceSystem', async () => {
      const bad = await app.inject({ method: 'PUT', url: `/v1/experts/by-ref/Bad System/${uniqueRef()}`, payload: makeExpert() });
      expect(bad.statusCode).toBe(400);
      const extra = await app.inject({ method: 'PUT', url: `/v1/experts/by-ref/p/${uniqueRef()}`, payload: { ...makeExpert(), sourceRef: 'x' } });
      expect(extra.statusCode).toBe(400);
    });
  });
});
