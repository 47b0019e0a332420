import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { demands, experts, offers, organizations } from '../../src/db/schema/index.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { isEmpty, loadDemoData, readDemoData, type DemoData } from '../../src/modules/demo/demo.loader.js';
import { createTestApp, testLogger } from '../helpers/app.js';
import { drivers, type TestDatabase } from '../helpers/context.js';

describe.each(drivers)('demo data on the $driver driver', ({ create }) => {
  let db: TestDatabase;
  let data: DemoData;
  let app: App;
  const queue = createInProcessBackend({ log: testLogger });

  beforeAll(async () => {
    db = await create();
    data = await readDemoData();
    app = await createTestApp({ database: db.database, queue });
  });
  afterAll(async () => {
    await app?.close();
    await queue.close();
    await db?.drop();
  });

  const counts = async () => {
    const n = async (t: typeof offers | typeof demands | typeof experts | typeof organizations) => (await db.database.db.select({ n: count() }).from(t))[0]?.n;
    return { organizations: await n(organizations), offers: await n(offers), demands: await n(demands), experts: await n(experts) };
  };

  it('is big enough and mostly Vietnamese, with English and Korean', () => {
    expect(data.offers.length).toBeGreaterThanOrEqual(60);
    expect(data.demands.length).toBeGreaterThanOrEqual(30);
    expect(data.experts.length).toBeGreaterThanOrEqual(20);
    const languages = [...data.offers, ...data.demands].map((r) => r.language);
    expect(languages.filter((l) => l === 'vi').length / languages.length).toBeGreaterThan(0.6);
    expect(languages).toContain('en');
    expect(languages).toContain('ko');
  });

  it('loads through the API validation, then loads again without adding or changing anything', async () => {
    expect(await isEmpty(db.database.db)).toBe(true);
    const loaded = await loadDemoData(db.database.db, data);
    const first = await counts();
    expect(first).toEqual(loaded);
    expect(await isEmpty(db.database.db)).toBe(false);
    const versions = await db.database.db.select({ v: offers.version }).from(offers);
    await loadDemoData(db.database.db, data);
    expect(await counts()).toEqual(first);
    expect(await db.database.db.select({ v: offers.version }).from(offers)).toEqual(versions);
  });

  it('is searchable over HTTP with and without diacritics', async () => {
    const withMarks = await app.inject({ method: 'GET', url: `/v1/offers?q=${encodeURIComponent('nước thải')}` });
    const without = await app.inject({ method: 'GET', url: '/v1/offers?q=nuoc%20thai' });
    expect(withMarks.json().items.length).toBeGreaterThan(0);
    expect(without.json().items.map((i: { id: string }) => i.id).sort()).toEqual(withMarks.json().items.map((i: { id: string }) => i.id).sort());
  });

  it('includes records filed under pre-2025 provinces, rolled up', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/organizations?province=79&limit=100' });
    const provinces = new Set(res.json().items.map((o: { province: string }) => o.province));
    expect(provinces.has('79')).toBe(true);
    expect([...provinces].some((p) => p === '74' || p === '77')).toBe(true);
  });
});
