import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { demands, matchRuns, offers, organizations, proposals } from '../../src/db/schema/index.js';
import { currentBox, runInScope, SYSTEM_SCOPE, type Scope } from '../../src/db/scope.js';
import { SYSTEM, type Caller } from '../../src/modules/access/caller.js';
import { createRegistryService, type Row } from '../../src/modules/registry/registry.service.js';
import { demandsResource, offersResource, organizationsResource } from '../../src/modules/registry/resources/index.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { appView, drivers, type TestDatabase } from '../helpers/context.js';
import { makeDemand, makeOffer, makeOrganization } from '../helpers/registry.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';

/**
 * Row-level security is the backstop behind the query layer: statements that forget the province
 * filter (or are handed the wrong caller) still see and change only what the scope allows.
 */
const portal = (...provinces: string[]): Scope => ({ role: 'portal', provinces });
const READER: Scope = { role: 'reader', provinces: [] };

/** The SQLSTATE of a failed statement, wherever the driver wrapped it. */
async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') return code;
    }
    throw err;
  }
  return undefined;
}

describe.each(drivers)('row-level security ($driver)', ({ create }) => {
  let t: TestDatabase;
  let app: Database;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await create();
    app = appView(t.database);
    const ctx = { caller: SYSTEM };
    let n = 0;
    const orgs = createRegistryService(organizationsResource, { db: t.database.db });
    const offerService = createRegistryService(offersResource, { db: t.database.db });
    const demandService = createRegistryService(demandsResource, { db: t.database.db });
    for (const province of ['79', '01']) {
      const org = (await orgs.upsertByRef('rls-test', `o${n++}`, makeOrganization({ province }), ctx)).row;
      ids[`org${province}`] = org.id;
      for (const status of ['draft', 'published']) {
        ids[`offer${province}${status}`] = (await offerService.upsertByRef('rls-test', `o${n++}`, makeOffer(org.id, { status }), ctx)).row.id;
      }
      ids[`demand${province}`] = (await demandService.upsertByRef('rls-test', `o${n++}`, makeDemand(org.id, { province, status: 'draft' }), ctx)).row.id;
    }
    const { row: archived } = await offerService.upsertByRef('rls-test', `o${n++}`, makeOffer(ids.org01 as string, { status: 'published' }), ctx);
    await offerService.archive(archived.id, '*', ctx);
    ids.offer01archived = archived.id;
    // One proposal from 79's offer to 01's demand, one within 01.
    const [run] = await t.database.db
      .insert(matchRuns)
      .values({ kind: 'on_demand', scope: { kind: 'all' }, status: 'succeeded', algorithmVersion: 'test', params: {}, asOf: new Date(), clientName: 'test' })
      .returning();
    const proposal = (offerId: string, demandId: string, supplyProvince: string, demandProvince: string) => ({
      offerId, demandId, supplyProvince, demandProvince, status: 'proposed' as const, score: 0.5, demandFit: 0.5, supplyFit: 0.5,
      breakdown: [], reasons: [], experts: [], algorithmVersion: 'test', runId: run!.id, expiresAt: new Date(Date.now() + 86_400_000),
    });
    const made = await t.database.db
      .insert(proposals)
      .values([proposal(ids.offer79draft!, ids.demand01!, '79', '01'), proposal(ids.offer01draft!, ids.demand01!, '01', '01')])
      .returning({ id: proposals.id });
    ids.proposalCross = made[0]!.id;
    ids.proposal01 = made[1]!.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const named = (rows: { id: string }[]) => Object.entries(ids).filter(([, id]) => rows.some((r) => r.id === id)).map(([name]) => name).sort();

  it.each([
    { scope: SYSTEM_SCOPE, who: 'the system', offers: ['offer01archived', 'offer01draft', 'offer01published', 'offer79draft', 'offer79published'], proposals: ['proposal01', 'proposalCross'] },
    { scope: portal('79'), who: 'portal 79', offers: ['offer01published', 'offer79draft', 'offer79published'], proposals: ['proposalCross'] },
    { scope: portal('01'), who: 'portal 01', offers: ['offer01archived', 'offer01draft', 'offer01published', 'offer79published'], proposals: ['proposal01', 'proposalCross'] },
    { scope: portal('79', '01'), who: 'a regional portal', offers: ['offer01archived', 'offer01draft', 'offer01published', 'offer79draft', 'offer79published'], proposals: ['proposal01', 'proposalCross'] },
    { scope: portal(), who: 'a portal with no provinces', offers: ['offer01published', 'offer79published'], proposals: [] },
    { scope: READER, who: 'a reader', offers: ['offer01published', 'offer79published'], proposals: [] },
    { scope: null, who: 'no scope', offers: [], proposals: [] },
  ])('$who: a query without any province filter sees only what the scope allows', async ({ scope, offers: expected, proposals: expectedProposals }) => {
    const seen = await runInScope(scope, async () => ({
      offers: await app.db.select({ id: offers.id }).from(offers),
      proposals: await app.db.select({ id: proposals.id }).from(proposals),
      demands: await app.db.select({ id: demands.id, province: demands.currentProvince }).from(demands),
    }));
    expect(named(seen.offers)).toEqual(expected);
    expect(named(seen.proposals)).toEqual(expectedProposals);
    // Demands here are drafts: only their own provinces' (or everything, nationwide).
    const own = scope === null ? [] : scope.role === 'ministry' ? ['01', '79'] : scope.role === 'portal' ? [...scope.provinces] : [];
    expect(seen.demands.every((d) => own.includes(d.province))).toBe(true);
  });

  it('outside any scope, the application sees no scoped rows (fail closed), while the operator handle sees all', async () => {
    expect(await app.db.select({ id: offers.id }).from(offers)).toEqual([]);
    expect(await app.db.select({ id: organizations.id }).from(organizations)).toEqual([]);
    expect((await t.database.db.select({ id: offers.id }).from(offers)).length).toBe(5);
  });

  it.each([
    { scope: portal('79'), who: 'portal 79', target: 'offer01draft' },
    { scope: portal('79'), who: 'portal 79', target: 'offer01published' },
    { scope: READER, who: 'a reader', target: 'offer79published' },
    { scope: null, who: 'no scope', target: 'offer79draft' },
  ])('$who: an UPDATE or DELETE of $target without a province filter changes 0 rows', async ({ scope, target }) => {
    const id = ids[target] as string;
    const result = await runInScope(scope, async () => ({
      updated: await app.db.update(offers).set({ keywords: ['forged'] }).where(eq(offers.id, id)).returning({ id: offers.id }),
      deleted: await app.db.delete(offers).where(eq(offers.id, id)).returning({ id: offers.id }),
    }));
    expect(result).toEqual({ updated: [], deleted: [] });
    const [row] = await t.database.db.select({ keywords: offers.keywords }).from(offers).where(eq(offers.id, id));
    expect(row?.keywords).not.toContain('forged');
  });

  it('a portal changes its own rows, but cannot move one to another province nor insert one there', async () => {
    const own = ids.offer79draft as string;
    await runInScope(portal('79'), async () => {
      expect(await app.db.update(offers).set({ keywords: ['own'] }).where(eq(offers.id, own)).returning({ id: offers.id })).toEqual([{ id: own }]);
      expect(await sqlState(app.db.update(offers).set({ currentProvince: '01', province: '01' }).where(eq(offers.id, own)).execute())).toBe('42501');
      const [source] = await app.db.select().from(offers).where(eq(offers.id, own));
      const { id: _id, ...copy } = source!;
      expect(await sqlState(app.db.insert(offers).values({ ...copy, sourceRef: 'smuggled', province: '01', currentProvince: '01' }).execute())).toBe('42501');
    });
    const [row] = await t.database.db.select({ province: offers.currentProvince }).from(offers).where(eq(offers.id, own));
    expect(row?.province).toBe('79');
  });

  it('a reader and an unscoped statement cannot insert at all', async () => {
    const [source] = await t.database.db.select().from(organizations).where(eq(organizations.id, ids.org79 as string));
    const { id: _id, ...copy } = source!;
    for (const scope of [READER, null]) {
      expect(await runInScope(scope, () => sqlState(app.db.insert(organizations).values({ ...copy, sourceRef: `x-${String(scope?.role)}` }).execute()))).toBe('42501');
    }
  });

  it('a service handed the wrong caller (nationwide) inside a portal scope still cannot read or change foreign drafts', async () => {
    const service = createRegistryService(offersResource, { db: app.db });
    const wrong: Caller = { ...SYSTEM, name: 'bug' };
    await runInScope(portal('79'), async () => {
      await expect(service.get(ids.offer01draft as string, wrong)).rejects.toMatchObject({ problem: 'NOT_FOUND' });
      await expect(service.patch(ids.offer01draft as string, { keywords: ['x'] }, '*', { caller: wrong })).rejects.toMatchObject({ problem: 'NOT_FOUND' });
      const page = await service.list({ limit: 100, status: 'draft' }, wrong);
      expect(page.items.map((r) => (r as Row).id)).toEqual([ids.offer79draft]);
    });
  });

  it('a portal decides proposals one of whose sides is its own, and no other', async () => {
    await runInScope(portal('79'), async () => {
      const touched = await app.db
        .update(proposals)
        .set({ version: sql`${proposals.version} + 1` })
        .where(inArray(proposals.id, [ids.proposalCross as string, ids.proposal01 as string]))
        .returning({ id: proposals.id });
      expect(touched).toEqual([{ id: ids.proposalCross }]);
    });
  });

  it.each([
    { what: 'full-text search', index: 'offers_search_idx', condition: sql`search_vector @@ to_tsquery('simple', 'uasb')` },
    { what: 'a field filter', index: 'offers_fields_idx', condition: sql`fields && '{ENV.WATER}'::text[]` },
  ])('$what under a portal scope can still use its GIN index (policies do not block it)', async ({ index, condition }) => {
    const plan = await runInScope(portal('79'), () =>
      app.db.transaction(async (tx) => {
        // Small tables favour a sequential scan anyway: forbid it, so only a blocked index shows.
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        const result = (await tx.execute(sql`EXPLAIN SELECT id FROM offers WHERE ${condition}`)) as unknown as { rows: { 'QUERY PLAN': string }[] };
        return result.rows.map((r) => r['QUERY PLAN']).join('\n');
      }),
    );
    expect(plan).toContain(index);
  });

  it('the audit log stays append-only for the application role', async () => {
    for (const statement of [sql`UPDATE audit_log SET action = 'forged'`, sql`DELETE FROM audit_log`]) {
      expect(await asSystemState(app, statement)).toBe('42501');
    }
  });
});

const asSystemState = (database: Database, statement: ReturnType<typeof sql>) => runInScope(SYSTEM_SCOPE, () => sqlState(database.db.execute(statement)));

describe('the scope of a request', () => {
  let t: TestDatabase;
  const queue = createInProcessBackend({ log: testLogger });
  let seen: unknown[] = [];
  let appInstance: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await drivers[0]!.create();
    appInstance = await createTestApp({
      database: t.database,
      queue,
      extend: (a) => {
        a.post('/v1/test-scope', async (request) => {
          await new Promise((r) => setTimeout(r, 1));
          seen.push(currentBox() ? currentBox()!.scope : 'none');
          return { ok: (request.body as { n: number }).n };
        });
        a.get('/test-scope-public', async () => {
          seen.push(currentBox() ? currentBox()!.scope : 'none');
          return { ok: true };
        });
      },
    });
  });
  afterAll(async () => {
    await appInstance?.close();
    await queue.close();
    await t?.drop();
  });

  it.each([
    { who: 'a portal', role: 'portal' as const, provinces: ['79'] },
    { who: 'the ministry', role: 'ministry' as const, provinces: [] },
  ])('reaches the handler of $who after the body is parsed, and public routes get no scope', async ({ role, provinces }) => {
    seen = [];
    const key = await createKey(t.database, role, provinces);
    const big = { n: 1, pad: 'x'.repeat(200_000) };
    const response = await appInstance.inject({ method: 'POST', url: '/v1/test-scope', payload: big, headers: { authorization: `Bearer ${key}` } });
    expect(response.statusCode).toBe(200);
    await appInstance.inject({ method: 'GET', url: '/test-scope-public' });
    expect(seen).toEqual([expect.objectContaining({ role, provinces }), null]);
  });
});
