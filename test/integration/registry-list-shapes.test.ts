import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, runInScope, type Scope } from '../../src/db/scope.js';
import type { Caller } from '../../src/modules/access/caller.js';
import { loadDemoData, readDemoData } from '../../src/modules/demo/demo.loader.js';
import { listKeys, WALK_ROWS, walkSettings, type ListQuery } from '../../src/modules/registry/list.js';
import { resources } from '../../src/modules/registry/resources/index.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';

/**
 * Lists on the narrow search tables run statements built once per shape (list-shapes.ts). Every
 * filter, sort, tier, walk or GIN plan, cursor and caller scope must give exactly the pages the
 * statements built per request give (listKeys with shapes: false), page after page.
 */
describe('list statements built once per shape', () => {
  let db: TestDatabase;
  const callers: Caller[] = [
    { clientId: null, name: 'ministry', role: 'ministry', provinces: [] },
    { clientId: null, name: 'portal', role: 'portal', provinces: ['79', '01'] },
    { clientId: null, name: 'portal', role: 'portal', provinces: ['48'] },
    { clientId: null, name: 'reader', role: 'reader', provinces: [] },
  ];
  const queries: Record<string, unknown>[] = [
    {},
    { q: 'xu ly nuoc thai' },
    { q: 'xử lý nước thải' },
    { q: 'nước' },
    { q: 'năng lượng mặt trời', status: 'published' },
    { q: 'iot', province: '01' },
    { q: 'kho lạnh', province: '74' },
    { q: 'truy xuất', field: 'LOG', trlMin: 3 },
    { q: 'robot', trlMax: 7, status: 'draft' },
    { q: 'công nghệ', status: 'expired', includeArchived: 'true' },
    { q: 'cong nghe', priceTo: 2_000_000_000, priceFrom: 1_000_000 },
    { q: 'công nghệ', budgetTo: 5_000_000_000, budgetFrom: 1 },
    { q: 'hệ thống', sort: '-updatedAt' },
    { q: 'he thong', sort: 'createdAt' },
    { q: '!!!' },
    { field: 'ENV', province: '79', status: 'published' },
    { sort: 'title' },
    { sort: '-trl', includeArchived: 'true' },
    { updatedSince: '2020-01-01T00:00:00Z', sort: 'updatedAt' },
  ];

  beforeAll(async () => {
    db = await createPostgresDatabase();
    await loadDemoData(db.database.db, await readDemoData());
  });
  afterAll(async () => {
    walkSettings.rows = WALK_ROWS;
    await db?.drop();
  });

  /** Every page of the list as [ids, nextCursor], or the error's message. */
  const pages = async (def: (typeof resources)[number], query: Record<string, unknown>, caller: Caller, shapes: boolean) => {
    const out: unknown[] = [];
    let cursor: string | undefined;
    try {
      for (let i = 0; i < 50; i++) {
        const page = await runInScope(caller as Scope, async () => await listKeys(db.database.db, def, { limit: 4, ...query, ...(cursor && { cursor }) } as ListQuery, caller, { shapes }));
        out.push([page.ids, page.nextCursor]);
        cursor = page.nextCursor ?? undefined;
        if (!cursor) break;
      }
    } catch (err) {
      out.push((err as Error).message);
    }
    return out;
  };

  for (const walk of [WALK_ROWS, 6]) {
    it(`gives the same pages for every filter, sort and caller (walk of ${walk} rows)`, async () => {
      walkSettings.rows = walk;
      let compared = 0;
      for (const def of resources.filter((r) => r.searchTable)) {
        for (const raw of queries) {
          // Only the filters this resource has (a budget for demands, a price for offers).
          const query = Object.fromEntries(Object.entries(raw).filter(([k]) => (k.startsWith('price') ? def.name === 'offers' : k.startsWith('budget') ? def.name === 'demands' : true)));
          if (query.sort === 'title' || query.sort === '-trl') {
            const column = String(query.sort).replace(/^-/, '');
            if (!def.sorts.includes(column)) continue;
          }
          for (const caller of callers) {
            const shaped = await pages(def, query, caller, true);
            const built = await pages(def, query, caller, false);
            expect(shaped, `${def.name} ${JSON.stringify(query)} as ${caller.role} ${caller.provinces.join(',')}`).toEqual(built);
            compared += shaped.length;
          }
        }
      }
      expect(compared).toBeGreaterThan(200);
      // Something was found, by search and otherwise.
      const found = await asSystem(async () => await listKeys(db.database.db, resources.find((r) => r.name === 'offers')!, { limit: 4, q: 'nước' } as ListQuery, callers[0]!));
      expect(found.ids.length).toBeGreaterThan(0);
    }, 120_000);
  }
});
