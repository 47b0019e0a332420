import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';
import { create, makeOffer, makeOrganization } from '../helpers/registry.js';
import { lexemeFrequencies, walkCanFill } from '../../src/modules/registry/lexeme-stats.js';
import { WALK_ROWS, walkSettings } from '../../src/modules/registry/list.js';

/**
 * A search tier first walks the most recent rows in order (10,000; 3,000 here) and asks the GIN
 * index only when they do not fill the page. Both paths, and pages across the walk's edge, must
 * give exactly the order of a plain sort.
 */
describe('search tiers: in-order walk and GIN fallback give the plain order', () => {
  let db: TestDatabase;
  let app: App;
  const queue = createInProcessBackend({ log: testLogger });
  /** The walk's length in this file: short, so the table that crosses its edge is small. */
  const WALK = 3_000;
  const ROWS = WALK + 500;
  /** Rows older than this hold the sparse phrase: outside the first walk. */
  const OLD = WALK + 200;

  /** Row i (1 = newest) has "alpha beta" when i % 10 = 0, "omega psi" when i > OLD and i % 50 = 0. */
  const expected = (predicate: (i: number) => boolean) =>
    Array.from({ length: ROWS }, (_, k) => k + 1)
      .filter(predicate)
      .map((i) => `walk-${i}`);

  beforeAll(async () => {
    expect(WALK).toBeLessThan(WALK_ROWS);
    walkSettings.rows = WALK;
    db = await createPostgresDatabase();
    app = await createTestApp({ database: db.database, queue });
    const org = await create(app, 'organizations', makeOrganization());
    const template = await create(app, 'offers', makeOffer(org.id, { title: { vi: 'mẫu' }, keywords: [] }));
    // Copies of one valid row with their own ids, refs, times and titles, written as the owner with
    // triggers off (the statistics layer's per-row triggers would take half a minute), then copied
    // into offers_search as its own trigger would.
    await db.database.asOwner((owner) =>
      owner.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`
          INSERT INTO offers
          SELECT (jsonb_populate_record(NULL::offers, to_jsonb(t) || jsonb_build_object(
            'id', gen_random_uuid(),
            'source_system', 'walk',
            'source_ref', 'walk-' || i,
            'updated_at', now() - i * interval '1 minute',
            'title_vector', to_tsvector('simple', CASE WHEN i % 10 = 0 THEN 'alpha beta' ELSE 'delta' END || CASE WHEN i > ${OLD} AND i % 50 = 0 THEN ' omega psi' ELSE '' END)::text,
            'search_vector', to_tsvector('simple', CASE WHEN i % 10 = 0 THEN 'alpha beta' ELSE 'delta' END || CASE WHEN i > ${OLD} AND i % 50 = 0 THEN ' omega psi' ELSE '' END)::text
          ))).*
          FROM offers t, generate_series(1, ${ROWS}) i WHERE t.id = ${template.id}`);
        await tx.execute(sql`
          INSERT INTO offers_search (id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, trl, price_min, price_max)
          SELECT id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, trl, price_min, price_max
          FROM offers WHERE source_system = 'walk'`);
      }),
    );
    await db.database.asOwner((owner) => owner.execute(sql`ANALYZE offers_search`));
  });
  afterAll(async () => {
    walkSettings.rows = WALK_ROWS;
    await app?.close();
    await queue.close();
    await db?.drop();
  });

  const refs = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { sourceRef: string }[]; nextCursor: string | null };
    return { refs: page.items.map((r) => r.sourceRef), nextCursor: page.nextCursor };
  };

  it('a dense phrase is answered by the walk, page after page, in updated order', async () => {
    const dense = expected((i) => i % 10 === 0);
    expect((await queryRows<{ n: number }>(db.database.db, sql`SELECT count(*)::int AS n FROM offers_search WHERE title_vector @@ to_tsquery('simple', 'alpha <-> beta')`))[0]?.n).toBe(dense.length);
    let url = '/v1/offers?q=alpha%20beta&limit=100';
    const seen: string[] = [];
    // 4 pages of 100 reach the last row: past the rows one walk reads, and the last page is short.
    for (let page = 0; page < 5; page++) {
      const result = await refs(url);
      seen.push(...result.refs);
      if (!result.nextCursor) break;
      url = `/v1/offers?q=alpha%20beta&limit=100&cursor=${encodeURIComponent(result.nextCursor)}`;
    }
    expect(seen).toEqual(dense);
  });

  it('a phrase found only in older rows falls back to the GIN index', async () => {
    const { refs: found, nextCursor } = await refs('/v1/offers?q=omega%20psi&limit=20');
    expect(found).toEqual(expected((i) => i > OLD && i % 50 === 0));
    expect(nextCursor).toBeNull();
  });

  it('a filter that thins the recent rows out still gives the plain order', async () => {
    const { refs: found } = await refs(`/v1/offers?q=alpha%20beta&limit=20&updatedSince=${encodeURIComponent(new Date(Date.now() - 1_900 * 60_000).toISOString())}&sort=relevance`);
    expect(found).toEqual(expected((i) => i % 10 === 0 && i < 1_900).slice(0, 20));
  });

  it('the planner statistics, readable by the application role, tell a syllable too rare for the walk', async () => {
    // Through the application's own handle (the non-owner role, under row-level security).
    const frequencies = await lexemeFrequencies(app.database.db, 'offers_search');
    expect(frequencies).toBeDefined();
    // A tenth of the rows hold "alpha"; 6 hold "omega" (the table is sampled whole: ANALYZE reads 30,000 rows).
    expect(frequencies?.of('alpha')).toBeCloseTo(ROWS / 10 / (ROWS + 1), 2);
    expect(frequencies?.of('omega')).toBeLessThan(0.01);
    expect(frequencies?.of('nowhere')).toBeLessThanOrEqual(frequencies?.of('omega') as number);
    expect(walkCanFill(frequencies, ['alpha', 'beta'], WALK, 21)).toBe(true);
    expect(walkCanFill(frequencies, ['omega', 'psi'], WALK, 21)).toBe(false);
    expect(walkCanFill(frequencies, ['alpha', 'omega'], WALK, 21)).toBe(false);
  });

  it('only the search tables’ syllable statistics can be read that way', async () => {
    const rows = await queryRows<{ lexemes: string[] | null }>(app.database.db, sql`SELECT lexemes FROM ketnoi_title_lexeme_stats('offers')`);
    expect(rows).toEqual([]);
  });

  it('a title signature holds every syllable of its title vector (the walk never drops a match)', async () => {
    const org = await create(app, 'organizations', makeOrganization());
    const titles = [
      { vi: 'Hệ thống xử lý nước thải sinh hoạt', en: 'Domestic wastewater treatment' },
      { vi: 'Kho lạnh năng lượng mặt trời', ko: '태양광 냉동 창고' },
      { vi: 'Đà Nẵng: truy xuất nguồn gốc nông sản 4.0' },
    ];
    for (const title of titles) await create(app, 'offers', makeOffer(org.id, { title, keywords: ['iot', 'chế phẩm vi sinh'] }));
    // Every syllable of every title, alone and together: no row whose title vector holds them fails its signature.
    const [missed] = await queryRows<{ n: number; checked: number }>(
      db.database.db,
      sql`WITH words AS (SELECT s.id, s.title_vector, unnest(tsvector_to_array(s.title_vector)) AS w FROM offers_search s JOIN offers r ON r.id = s.id WHERE r.source_system IS DISTINCT FROM 'walk'),
        pairs AS (SELECT a.id, a.title_vector, a.w || ' ' || b.w AS q FROM words a JOIN words b ON a.id = b.id AND a.w < b.w UNION ALL SELECT id, title_vector, w FROM words)
        SELECT count(*) FILTER (WHERE
          (o.title_sig0 & ketnoi_title_sig(to_tsvector('simple', p.q), 0)) <> ketnoi_title_sig(to_tsvector('simple', p.q), 0) OR
          (o.title_sig1 & ketnoi_title_sig(to_tsvector('simple', p.q), 1)) <> ketnoi_title_sig(to_tsvector('simple', p.q), 1) OR
          (o.title_sig2 & ketnoi_title_sig(to_tsvector('simple', p.q), 2)) <> ketnoi_title_sig(to_tsvector('simple', p.q), 2) OR
          (o.title_sig3 & ketnoi_title_sig(to_tsvector('simple', p.q), 3)) <> ketnoi_title_sig(to_tsvector('simple', p.q), 3))::int AS n,
          count(*)::int AS checked
        FROM pairs p JOIN offers_search o ON o.id = p.id WHERE o.title_vector @@ plainto_tsquery('simple', p.q)`,
    );
    expect(missed?.checked).toBeGreaterThan(100);
    expect(missed?.n).toBe(0);
    // And a search for one of them finds it.
    const res = await app.inject({ method: 'GET', url: `/v1/offers?q=${encodeURIComponent('태양광 냉동')}` });
    expect(res.json().items.map((o: { title: { ko?: string } }) => o.title.ko)).toContain('태양광 냉동 창고');
  });
});
