import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { loadDemoData, readDemoData } from '../../src/modules/demo/demo.loader.js';
import type { EngineProposal } from '../../src/modules/matching/engine/engine.js';
import { matchingSettings } from '../../src/modules/matching/params.js';
import { upsertProposals } from '../../src/modules/matching/proposals.repository.js';
import { createRunService } from '../../src/modules/matching/runs.service.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';

/** A run's chunk of proposals as PostgreSQL stores it: every field, exactly, and a rescore in place. */
describe('writing a chunk of proposals', () => {
  const settings = matchingSettings();
  let t: TestDatabase;
  let run: { id: string; algorithmVersion: string; expiresAt: Date };
  let pairs: { offerId: string; demandId: string }[];

  beforeAll(async () => {
    t = await createPostgresDatabase();
    await loadDemoData(t.database.db, await readDemoData());
    const row = await createRunService({ database: t.database, params: settings.params, proposalTtlDays: settings.proposalTtlDays }).create({ kind: 'on_demand', scope: { kind: 'all' } });
    run = { id: row.id, algorithmVersion: row.algorithmVersion, expiresAt: new Date('2027-01-15T03:04:05.678Z') };
    pairs = await queryRows<{ offerId: string; demandId: string }>(t.database.db, sql`SELECT o.id AS "offerId", d.id AS "demandId" FROM offers o CROSS JOIN demands d ORDER BY o.id, d.id LIMIT 3`);
  }, 120_000);
  afterAll(async () => t?.drop());

  const proposal = (i: number, over: Partial<EngineProposal> = {}): EngineProposal => ({
    ...pairs[i]!,
    score: 0.1 + i / 7,
    demandFit: 1 / 3,
    supplyFit: 0.123456789012345,
    breakdown: [{ criterion: 'text', value: 0.5, weight: 0.4, contribution: 0.2 }],
    reasons: [{ vi: 'Cùng lĩnh vực năng lượng tái tạo; TRL 7 ≥ yêu cầu 6', en: 'Same field: renewable energy; TRL 7 ≥ required 6' }],
    experts: i === 0 ? [{ expertId: '00000000-0000-4000-8000-000000000001', score: 0.7, reasons: [{ vi: 'Chuyên gia "điện mặt trời" \\ NLMT', en: 'Solar "PV" expert \\ ok' }] }] : [],
    flags: i === 1 ? ['restricted'] : [],
    supplyProvince: '01',
    demandProvince: '79',
    ...over,
  });

  const stored = async () =>
    (
      await queryRows<Record<string, unknown>>(
        t.database.db,
        sql`SELECT offer_id, demand_id, status, score, demand_fit, supply_fit, breakdown, reasons, experts, flags, supply_province, demand_province, algorithm_version, run_id, expires_at, version
          FROM proposals WHERE run_id = ${run.id} ORDER BY offer_id, demand_id`,
      )
    ).map((r): Record<string, unknown> => ({ ...r, expires_at: new Date(r.expires_at as string) }));

  it('stores every field as given and reports the new rows', async () => {
    const chunk = [0, 1, 2].map((i) => proposal(i));
    const written = await upsertProposals(t.database.db, chunk, run);
    expect(written).toMatchObject({ created: 3, updated: 0 });
    expect(written.createdRows.map((r) => ({ offerId: r.offerId, demandId: r.demandId, score: r.score, supplyProvince: r.supplyProvince, demandProvince: r.demandProvince })).sort((a, b) => a.score - b.score)).toEqual(
      chunk.map((p) => ({ offerId: p.offerId, demandId: p.demandId, score: p.score, supplyProvince: '01', demandProvince: '79' })),
    );
    expect(written.createdRows.every((r) => /^[0-9a-f-]{36}$/.test(r.id))).toBe(true);
    expect(await stored()).toEqual(
      chunk.map((p) => ({
        offer_id: p.offerId,
        demand_id: p.demandId,
        status: 'proposed',
        score: p.score,
        demand_fit: p.demandFit,
        supply_fit: p.supplyFit,
        breakdown: p.breakdown,
        reasons: p.reasons,
        experts: p.experts,
        flags: p.flags,
        supply_province: '01',
        demand_province: '79',
        algorithm_version: run.algorithmVersion,
        run_id: run.id,
        expires_at: run.expiresAt,
        version: 1,
      })),
    );
  });

  it('leaves an unchanged proposal as it is, and rescores a changed one in place', async () => {
    expect(await upsertProposals(t.database.db, [0, 1, 2].map((i) => proposal(i)), run)).toMatchObject({ created: 0, updated: 0 });
    const written = await upsertProposals(t.database.db, [proposal(1, { score: 0.9, flags: [] })], run);
    expect(written).toMatchObject({ created: 0, updated: 1, createdRows: [] });
    const rows = await stored();
    expect(rows.map((r) => [r.score, r.flags, r.version])).toEqual([
      [proposal(0).score, [], 1],
      [0.9, [], 2],
      [proposal(2).score, [], 1],
    ]);
    const [{ n }] = (await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM proposals`)) as [{ n: number }];
    expect(n).toBe(3);
  });
});
