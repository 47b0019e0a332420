import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { loadDemoData, readDemoData } from '../../src/modules/demo/demo.loader.js';
import { createEngine } from '../../src/modules/matching/engine/engine.js';
import { inlineEngine } from '../../src/modules/matching/engine/host.js';
import { matchingSettings } from '../../src/modules/matching/params.js';
import { runConstraints } from '../../src/modules/matching/proposals.repository.js';
import { createRunExecutor, createRunService } from '../../src/modules/matching/runs.service.js';
import { testLogger } from '../helpers/app.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';

/** Expert load, as a run reads it: every open proposal elsewhere that suggests the expert, counted once per suggestion. */
describe('the expert load a run starts from', () => {
  const settings = matchingSettings();
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createPostgresDatabase();
    await loadDemoData(t.database.db, await readDemoData());
    const deps = { database: t.database, params: settings.params, proposalTtlDays: settings.proposalTtlDays };
    const run = await createRunService(deps).create({ kind: 'on_demand', scope: { kind: 'all' } });
    await createRunExecutor({ ...deps, engine: inlineEngine(createEngine()) }).execute(run.id, testLogger);
    // One proposal decided by a side, so 'kept' covers decided proposals of the records in scope too.
    await t.database.db.execute(sql`UPDATE proposals SET status = 'accepted_by_supply' WHERE id = (SELECT id FROM proposals WHERE experts <> '[]'::jsonb ORDER BY id LIMIT 1)`);
  }, 120_000);
  afterAll(async () => t?.drop());

  it('counts the suggestions of the proposals the run keeps, and only those', async () => {
    const rows = await queryRows<{ demand_id: string; status: string; experts: { expertId: string }[] }>(t.database.db, sql`SELECT demand_id, status, experts FROM proposals`);
    expect(rows.filter((r) => r.experts.length > 0).length).toBeGreaterThan(5);
    // A run for one demand recomputes that demand's undecided proposals: the others are kept.
    const demand = rows.find((r) => r.experts.length > 0 && r.status === 'proposed')!.demand_id;
    const expected = new Map<string, number>();
    for (const r of rows) {
      const kept = r.status !== 'proposed' || r.demand_id !== demand;
      if (kept) for (const e of r.experts) expected.set(e.expertId, (expected.get(e.expertId) ?? 0) + 1);
    }
    const scope = { offerIds: [], demandIds: [demand] };
    const { expertLoad } = await runConstraints(t.database.db, scope, scope);
    expect(expertLoad).toEqual([...expected].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const all = await runConstraints(t.database.db, 'all', 'all');
    // Over everything, only decided proposals are kept.
    const decided = rows.filter((r) => r.status !== 'proposed').flatMap((r) => r.experts.map((e) => e.expertId));
    expect(all.expertLoad).toEqual([...new Set(decided)].sort().map((id) => [id, decided.filter((x) => x === id).length]));
  });

  /** What the triggers' table should hold: a recount over every open proposal. */
  const recount = async () => {
    const rows = await queryRows<{ id: string; n: number }>(
      t.database.db,
      sql`SELECT x ->> 'expertId' AS id, count(*)::int AS n FROM proposals p CROSS JOIN jsonb_array_elements(p.experts) x
          WHERE p.status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted') GROUP BY 1 ORDER BY 1`,
    );
    return rows.map((r) => [r.id, r.n]);
  };
  const kept = async () => {
    const rows = await queryRows<{ id: string; n: number }>(t.database.db, sql`SELECT expert_id AS id, open_proposals AS n FROM proposal_expert_load WHERE open_proposals <> 0 ORDER BY 1`);
    return rows.map((r) => [r.id, r.n]);
  };

  it('keeps per-expert totals that equal a recount after every kind of write to proposals', async () => {
    const db = t.database.db;
    expect((await recount()).length).toBeGreaterThan(1);
    expect(await kept()).toEqual(await recount());
    const [a, b, c] = await queryRows<{ id: string }>(db, sql`SELECT id FROM proposals WHERE status = 'proposed' AND experts <> '[]'::jsonb ORDER BY id LIMIT 3`);
    // A decline closes one (its suggestions no longer count); a rescore moves one's suggestions to
    // another expert; a delete removes one; an insert adds a copy of a closed one, reopened.
    await db.execute(sql`UPDATE proposals SET status = 'declined', closed_at = now(), close_reason = 'declined' WHERE id = ${a!.id}`);
    await db.execute(sql`UPDATE proposals SET experts = (SELECT experts FROM proposals WHERE id = ${c!.id}) || experts WHERE id = ${b!.id}`);
    expect(await kept()).toEqual(await recount());
    await db.execute(sql`DELETE FROM proposals WHERE id = ${c!.id}`);
    await db.execute(sql`INSERT INTO proposals (offer_id, demand_id, supply_province, demand_province, status, score, demand_fit, supply_fit, breakdown, reasons, experts, algorithm_version, run_id, expires_at)
      SELECT offer_id, demand_id, supply_province, demand_province, 'proposed', score, demand_fit, supply_fit, breakdown, reasons, experts, algorithm_version, run_id, expires_at FROM proposals WHERE id = ${a!.id}`);
    expect(await kept()).toEqual(await recount());
    // A second run rescores in place: the totals follow.
    const deps = { database: t.database, params: settings.params, proposalTtlDays: settings.proposalTtlDays };
    const run = await createRunService(deps).create({ kind: 'on_demand', scope: { kind: 'all' } });
    await createRunExecutor({ ...deps, engine: inlineEngine(createEngine()) }).execute(run.id, testLogger);
    expect(await kept()).toEqual(await recount());
  });

  it('is read-only for the application', async () => {
    const refusal = (statement: Promise<unknown>) => statement.then(() => 'allowed', (err: Error & { cause?: { code?: string } }) => err.cause?.code);
    // 42501: insufficient privilege.
    expect(await refusal(t.database.db.execute(sql`UPDATE proposal_expert_load SET open_proposals = 0`))).toBe('42501');
    expect(await refusal(t.database.db.execute(sql`SELECT ketnoi_expert_load_apply('{}'::jsonb)`))).toBe('42501');
  });

  it('is emptied when proposals are truncated', async () => {
    await t.database.asOwner(async (owner) => {
      await owner.execute(sql`TRUNCATE proposals CASCADE`);
    });
    expect(await kept()).toEqual([]);
  });
});
