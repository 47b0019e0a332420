import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { createTestApp, testLogger } from '../helpers/app.js';
import { drivers, type TestDatabase } from '../helpers/context.js';
import { create, makeDemand, makeOffer, makeOrganization } from '../helpers/registry.js';

type Item = { id: string; title: { vi?: string; en?: string } };
const titles = (body: { items: Item[] }) => body.items.map((i) => i.title.vi ?? i.title.en);

describe.each(drivers)('registry search and lists on the $driver driver', ({ create: createDb }) => {
  let db: TestDatabase;
  let app: App;
  const queue = createInProcessBackend({ log: testLogger });
  let orgHcm: { id: string };
  let orgOld: { id: string };

  const list = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/v1/offers?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    db = await createDb();
    app = await createTestApp({ database: db.database, queue });
    orgHcm = await create(app, 'organizations', makeOrganization({ province: '79', name: { vi: 'Viện Công nghệ Môi trường' } }));
    orgOld = await create(app, 'organizations', makeOrganization({ province: '74', name: { vi: 'Công ty Bình Dương' } }));
    const offers = [
      { title: { vi: 'Công nghệ xử lý nước thải sinh hoạt' }, fields: ['ENV.WATER'], trl: 7, priceMin: 500000000, priceMax: 900000000 },
      { title: { vi: 'Hệ thống xử lý rác thải và nước rỉ rác' }, fields: ['ENV.WASTE'], trl: 5, priceMin: 2000000000, priceMax: 3000000000 },
      { title: { vi: 'Thiết bị lọc nước uống' }, summary: { vi: 'Xử lý nhanh, thải ít.' }, fields: ['ENV.WATER'], trl: 9 },
      { title: { en: 'xu ly nuoc thai without diacritics entry' }, language: 'en', fields: ['ENV.WATER'], trl: 4 },
      { title: { vi: 'Du lịch thông minh Đà Nẵng' }, fields: ['ICT.SOFT'], trl: 6, organizationId: orgOld.id },
      { title: { vi: 'Phần mềm quản lý kho lạnh' }, fields: ['LOG.COLD'], trl: 8, status: 'draft', organizationId: orgOld.id },
    ];
    for (const o of offers) await create(app, 'offers', makeOffer(orgHcm.id, { summary: { vi: 'Mô tả ngắn.' }, priceMin: undefined, priceMax: undefined, ...o }));
  });
  afterAll(async () => {
    await app?.close();
    await queue.close();
    await db?.drop();
  });

  it('finds diacritic records from a query typed without diacritics, whole phrases first', async () => {
    const found = titles(await list('q=xu%20ly%20nuoc%20thai'));
    expect(found.slice(0, 2).sort()).toEqual(['Công nghệ xử lý nước thải sinh hoạt', 'xu ly nuoc thai without diacritics entry']);
    // Scattered syllables still match, below the phrase matches.
    expect(found).toContain('Thiết bị lọc nước uống');
    expect(found.indexOf('Thiết bị lọc nước uống')).toBeGreaterThan(found.indexOf('Công nghệ xử lý nước thải sinh hoạt'));
  });

  it('ranks exact-diacritic matches above folded-only ones', async () => {
    const found = titles(await list('q=x%E1%BB%AD%20l%C3%BD%20n%C6%B0%E1%BB%9Bc%20th%E1%BA%A3i')); // "xử lý nước thải"
    expect(found[0]).toBe('Công nghệ xử lý nước thải sinh hoạt');
    expect(found.indexOf('xu ly nuoc thai without diacritics entry')).toBeGreaterThan(0);
  });

  it.each([
    ['Đà Nẵng', 'Du lịch thông minh Đà Nẵng'],
    ['da nang', 'Du lịch thông minh Đà Nẵng'],
    ['DA NANG', 'Du lịch thông minh Đà Nẵng'],
    ['rac thai', 'Hệ thống xử lý rác thải và nước rỉ rác'],
  ])('"%s" finds "%s"', async (q, title) => {
    expect(titles(await list(`q=${encodeURIComponent(q)}`))).toContain(title);
  });

  it('treats a query of punctuation only as no query and finds nothing for unknown words', async () => {
    expect((await list('q=%3F%3F')).items.length).toBeGreaterThan(0);
    expect((await list('q=zzzqqq')).items).toEqual([]);
  });

  it.each([
    ['field=ENV', 4],
    ['field=ENV.WATER', 3],
    ['trlMin=7', 3],
    ['trlMin=5&trlMax=7', 3],
    ['priceFrom=1000000000', 1],
    ['priceTo=1000000000', 1],
    ['status=draft', 1],
    ['status=published', 5],
    ['province=79', 6],
    ['province=74', 2],
  ])('filters %s → %i', async (query, count) => {
    expect((await list(`${query}&limit=100`)).items).toHaveLength(count);
  });

  it('a current province finds the records filed under its predecessors', async () => {
    const found = await list('province=79&limit=100');
    expect(found.items.length).toBe(6);
  });

  it('pages with a cursor through every record exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(`limit=2&sort=createdAt${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('pages through relevance-ranked results too', async () => {
    const all = (await list('q=nuoc&limit=100')).items.map((i) => i.id);
    const first = await list('q=nuoc&limit=1');
    const second = await list(`q=nuoc&limit=100&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all);
  });

  it('rejects a cursor when the filters change, and a forged one', async () => {
    const first = await list('limit=1&field=ENV');
    const other = await app.inject({ method: 'GET', url: `/v1/offers?limit=1&field=ICT&cursor=${first.nextCursor}` });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ path: 'query.cursor' }] });
    const forged = await app.inject({ method: 'GET', url: '/v1/offers?cursor=bm9wZQ' });
    expect(forged.statusCode).toBe(400);
  });

  it.each([
    ['limit=101', 'query.limit'],
    ['limit=0', 'query.limit'],
    ['sort=title', 'query.sort'],
    ['province=99', 'query.province'],
    ['trlMin=12', 'query.trlMin'],
    ['updatedSince=yesterday', 'query.updatedSince'],
    ['unknown=1', 'query.unknown'],
    [`q=${'a'.repeat(201)}`, 'query.q'],
    ['q=a%00b', 'query.q'],
  ])('refuses %s naming %s', async (query, path) => {
    const res = await app.inject({ method: 'GET', url: `/v1/offers?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('syncs incrementally with updatedSince and a cursor, archived records included', async () => {
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const a = await create(app, 'demands', makeDemand(orgHcm.id, { title: { vi: 'Nhu cầu mới A' } }));
    const b = await create(app, 'demands', makeDemand(orgHcm.id, { title: { vi: 'Nhu cầu mới B' } }));
    const c = await create(app, 'demands', makeDemand(orgHcm.id, { title: { vi: 'Nhu cầu mới C' } }));
    await app.inject({ method: 'DELETE', url: `/v1/demands/${b.id}`, headers: { 'if-match': '"1"' } });
    const seen: { id: string; archivedAt: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/demands?updatedSince=${encodeURIComponent(since)}&sort=updatedAt&includeArchived=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      });
      const page = res.json() as { items: { id: string; archivedAt: string | null }[]; nextCursor: string | null };
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.id)).toEqual([a.id, c.id, b.id]);
    expect(seen.at(-1)?.archivedAt).toBeTruthy();
  });

  it('sends an ETag on lists and answers a matching If-None-Match with 304', async () => {
    const first = await app.inject({ method: 'GET', url: '/v1/offers?field=ENV' });
    expect(first.headers.etag).toMatch(/^W\/"/);
    const again = await app.inject({ method: 'GET', url: '/v1/offers?field=ENV', headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves the reference data seeded by migrations', async () => {
    const all = (await app.inject({ method: 'GET', url: '/v1/reference/provinces' })).json().items;
    expect(all).toHaveLength(97);
    const current = (await app.inject({ method: 'GET', url: '/v1/reference/provinces?scheme=2025' })).json().items;
    expect(current).toHaveLength(34);
    const asOf2024 = (await app.inject({ method: 'GET', url: '/v1/reference/provinces?asOf=2024-06-01' })).json().items;
    expect(asOf2024).toHaveLength(63);
    expect(asOf2024.find((p: { code: string }) => p.code === '74')).toMatchObject({ shortNameVi: 'Bình Dương', successorCode: '79' });
    const fields = (await app.inject({ method: 'GET', url: '/v1/reference/fields' })).json().items;
    expect(fields.find((f: { code: string }) => f.code === 'ENV.WATER')).toMatchObject({ parentCode: 'ENV', depth: 1 });
  });
});
