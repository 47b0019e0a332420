import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, eventually, type TestDatabase } from '../helpers/context.js';
import { create, makeExpert, makeOffer, makeOrganization } from '../helpers/registry.js';

/**
 * The read cache of GET /v1/<resource>/{id}, with two API processes (two apps, each with its own
 * pool and listening connection) on one PostgreSQL database.
 */
describe('registry read cache across processes', () => {
  let db: TestDatabase;
  let a: App;
  let b: App;
  /** A third process with the read cache off: what a list must send, byte for byte. */
  let plain: App;
  const queue = createInProcessBackend({ log: testLogger });
  const keys: Record<string, string> = {};
  let org: { id: string };

  const get = (app: App, url: string, key?: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...headers, ...(key && { authorization: `Bearer ${key}` }) } });

  /** Changes a row as the owner with triggers off: no notification, so a cached copy stays. */
  const silentUpdate = (table: string, id: string, keyword: string) =>
    db.database.asOwner(async (owner) => {
      await owner.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`UPDATE ${sql.identifier(table)} SET keywords = ARRAY[${keyword}]::text[], version = version + 1 WHERE id = ${id}`);
      });
    });

  beforeAll(async () => {
    db = await createPostgresDatabase();
    a = await createTestApp({ database: db.database, queue });
    b = await createTestApp({ database: db.database, queue });
    plain = await createTestApp({ database: db.database, queue, config: { REGISTRY_CACHE_MB: '0' } });
    keys.p79 = await createKey(db.database, 'portal', ['79']);
    keys.p01 = await createKey(db.database, 'portal', ['01']);
    keys.reader = await createKey(db.database, 'reader');
    org = await create(a, 'organizations', makeOrganization({ province: '79' }));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await plain?.close();
    await queue.close();
    await db?.drop();
  });

  it('serves a repeated read from memory (a change made with notifications off stays unseen there)', async () => {
    const offer = await create(a, 'offers', makeOffer(org.id));
    const first = await get(a, `/v1/offers/${offer.id}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.json()).toEqual(offer);
    await silentUpdate('offers', offer.id, 'unannounced');
    // Process A answers from its cache; process B, which never read it, from the database.
    expect((await get(a, `/v1/offers/${offer.id}`)).body).toBe(first.body);
    expect((await get(b, `/v1/offers/${offer.id}`)).json()).toMatchObject({ keywords: ['unannounced'], version: 2 });
  });

  it('a change made through another process reaches this one by notification', async () => {
    const offer = await create(a, 'offers', makeOffer(org.id));
    expect((await get(a, `/v1/offers/${offer.id}`)).headers.etag).toBe('"1"');
    const patched = await b.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, headers: { 'if-match': '"1"' }, payload: { keywords: ['from-b'] } });
    expect(patched.statusCode, patched.body).toBe(200);
    const seen = await eventually(async () => {
      const res = await get(a, `/v1/offers/${offer.id}`);
      return res.headers.etag === '"2"' ? res : undefined;
    }, 5_000, 20);
    expect(seen.json()).toMatchObject({ keywords: ['from-b'], version: 2 });
  });

  it('a change written straight to the database (a worker, an import) is announced too', async () => {
    const offer = await create(a, 'offers', makeOffer(org.id));
    await get(a, `/v1/offers/${offer.id}`);
    await db.database.db.execute(sql`UPDATE offers SET keywords = ARRAY['by-sql'], version = version + 1 WHERE id = ${offer.id}`);
    const seen = await eventually(async () => {
      const res = await get(a, `/v1/offers/${offer.id}`);
      return res.headers.etag === '"2"' ? res : undefined;
    }, 5_000, 20);
    expect(seen.json().keywords).toEqual(['by-sql']);
  });

  it('this process reads its own writes at once, without waiting for the notification', async () => {
    const offer = await create(a, 'offers', makeOffer(org.id));
    await get(a, `/v1/offers/${offer.id}`);
    const archived = await a.inject({ method: 'DELETE', url: `/v1/offers/${offer.id}`, headers: { 'if-match': '"1"' } });
    expect(archived.statusCode).toBe(204);
    const read = await get(a, `/v1/offers/${offer.id}`);
    expect(read.headers.etag).toBe('"2"');
    expect(read.json().archivedAt).toBeTruthy();
  });

  it('a cached read answers If-None-Match with 304 and still sends the ETag', async () => {
    const offer = await create(a, 'offers', makeOffer(org.id));
    await get(a, `/v1/offers/${offer.id}`);
    const cached = await get(a, `/v1/offers/${offer.id}`, undefined, { 'if-none-match': 'W/"1"' });
    expect(cached.statusCode).toBe(304);
    expect(cached.headers.etag).toBe('"1"');
    expect(cached.body).toBe('');
  });

  it('what one scope was shown is never served to another: personal data and drafts stay with their province', async () => {
    const expert = await create(a, 'experts', makeExpert({ province: '79', email: 'binh@example.vn' }));
    const own = await get(a, `/v1/experts/${expert.id}`, keys.p79);
    expect(own.json().email).toBe('binh@example.vn');
    for (const key of [keys.p01, keys.reader]) {
      const other = await get(a, `/v1/experts/${expert.id}`, key);
      expect(other.statusCode).toBe(200);
      expect(other.json()).not.toHaveProperty('email');
    }
    const draft = await create(a, 'offers', makeOffer(org.id, { status: 'draft' }));
    expect((await get(a, `/v1/offers/${draft.id}`, keys.p79)).statusCode).toBe(200);
    expect((await get(a, `/v1/offers/${draft.id}`, keys.p79)).statusCode).toBe(200);
    for (const key of [keys.p01, keys.reader]) {
      const foreign = await get(a, `/v1/offers/${draft.id}`, key);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('publishing a draft makes it readable elsewhere, and withdrawing it hides it again', async () => {
    const offer = await create(a, 'offers', makeOffer(org.id, { status: 'draft' }));
    expect((await get(a, `/v1/offers/${offer.id}`, keys.p01)).statusCode).toBe(404);
    await a.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, headers: { 'if-match': '"1"' }, payload: { status: 'published' } });
    expect((await get(a, `/v1/offers/${offer.id}`, keys.p01)).json().status).toBe('published');
    await b.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, headers: { 'if-match': '"2"' }, payload: { status: 'withdrawn' } });
    await eventually(async () => ((await get(a, `/v1/offers/${offer.id}`, keys.p01)).statusCode === 404 ? true : undefined), 5_000, 20);
  });

  describe('lists', () => {
    const list = (app: App, query: string, key?: string) => get(app, `/v1/offers?${query}`, key);

    it('send the same bytes and weak ETag with the cache cold, warm and off, and answer If-None-Match with 304', async () => {
      const tag = `list-same-${Date.now()}`;
      for (let i = 0; i < 5; i++) await create(a, 'offers', makeOffer(org.id, { keywords: [tag], priceMin: String(1_000_000 * (i + 1)) }));
      const draft = await create(a, 'offers', makeOffer(org.id, { keywords: [tag], status: 'draft' }));
      for (const key of [undefined, keys.p79, keys.p01, keys.reader]) {
        for (const query of [`q=${tag}&limit=2`, `q=${tag}&sort=-createdAt&limit=10`, `q=${tag}&priceTo=3000000`]) {
          const cold = await list(a, query, key);
          const warm = await list(a, query, key);
          const off = await list(plain, query, key);
          expect(cold.statusCode, cold.body).toBe(200);
          expect(cold.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(warm.body).toBe(cold.body);
          expect(off.body).toBe(cold.body);
          expect(cold.headers.etag).toMatch(/^W\/"/);
          expect(warm.headers.etag).toBe(cold.headers.etag);
          expect(off.headers.etag).toBe(cold.headers.etag);
          const notModified = await get(a, `/v1/offers?${query}`, key, { 'if-none-match': cold.headers.etag as string });
          expect(notModified.statusCode).toBe(304);
        }
        // The draft shows only in its own province's lists (and the ministry's), cache or not.
        const ids = (await list(a, `q=${tag}&limit=100`, key)).json().items.map((o: { id: string }) => o.id);
        expect(ids.includes(draft.id)).toBe(key === undefined || key === keys.p79);
      }
    });

    it('serve the records a read cached, and a change through another process reaches them by notification', async () => {
      const tag = `list-notify-${Date.now()}`;
      const offer = await create(a, 'offers', makeOffer(org.id, { keywords: [tag] }));
      const first = await list(a, `q=${tag}`);
      expect(first.json().items).toEqual([offer]);
      // A read by id is now served from what the list cached.
      await silentUpdate('offers', offer.id, tag);
      expect((await get(a, `/v1/offers/${offer.id}`)).json().version).toBe(1);
      expect((await list(a, `q=${tag}`)).body).toBe(first.body);
      expect((await list(b, `q=${tag}`)).json().items[0].version).toBe(2);
      const patched = await b.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, headers: { 'if-match': '"2"' }, payload: { summary: { vi: 'Đã sửa qua tiến trình khác' } } });
      expect(patched.statusCode, patched.body).toBe(200);
      const seen = await eventually(async () => {
        const res = await list(a, `q=${tag}`);
        return res.json().items[0]?.version === 3 ? res : undefined;
      }, 5_000, 20);
      expect(seen.json().items[0].summary).toEqual({ vi: 'Đã sửa qua tiến trình khác' });
      expect(seen.body).toBe((await list(plain, `q=${tag}`)).body);
    });

    it('leave out private fields for other provinces, as reads do, even when the owner listed first', async () => {
      const tag = `list-private-${Date.now()}`;
      const expert = await create(a, 'experts', makeExpert({ province: '79', email: 'an@example.vn', keywords: [tag] }));
      const own = await get(a, `/v1/experts?q=${tag}`, keys.p79);
      expect(own.json().items[0].email).toBe('an@example.vn');
      const other = await get(a, `/v1/experts?q=${tag}`, keys.p01);
      expect(other.json().items[0].id).toBe(expert.id);
      expect(other.json().items[0]).not.toHaveProperty('email');
      expect((await get(a, `/v1/experts/${expert.id}`, keys.p01)).json()).not.toHaveProperty('email');
    });
  });
});
