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
});
