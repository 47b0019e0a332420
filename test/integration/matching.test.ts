import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import type { RunningWorker } from '../../src/jobs/worker-runtime.js';
import { loadDemoData, readDemoData } from '../../src/modules/demo/demo.loader.js';
import { DEFAULT_PARAMS } from '../../src/modules/matching/scoring/params.js';
import { createKey, useTestApp } from '../helpers/app.js';
import { eventually } from '../helpers/context.js';
import { allProposals, runMatching, startMatchingWorker, type Proposal } from '../helpers/matching.js';
import { create, makeDemand, makeOffer, makeOrganization } from '../helpers/registry.js';

const ctx = useTestApp();
let worker: RunningWorker;

beforeAll(async () => {
  await loadDemoData(ctx.db.database.db, await readDemoData());
  worker = await startMatchingWorker(ctx.db.database, ctx.queue);
});
afterAll(async () => {
  await worker?.close();
});

const open = (p: Proposal) => ['proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted'].includes(p.status);
const countBy = (items: Proposal[], key: 'offerId' | 'demandId') => {
  const m = new Map<string, number>();
  for (const p of items) m.set(p[key], (m.get(p[key]) ?? 0) + 1);
  return Math.max(0, ...m.values());
};

describe('matching runs', () => {
  let first: Proposal[] = [];

  it('runs over everything and proposes explained pairs within the caps', async () => {
    const run = await runMatching(ctx.app);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.counts.demands).toBeGreaterThan(30);
    expect(run.counts.selected).toBeGreaterThan(0);
    expect(run.counts.created).toBe(run.counts.selected);
    first = await allProposals(ctx.app, 'status=proposed');
    expect(first.length).toBe(run.counts.selected);
    expect(countBy(first, 'demandId')).toBeLessThanOrEqual(DEFAULT_PARAMS.maxPerDemand);
    expect(countBy(first, 'offerId')).toBeLessThanOrEqual(DEFAULT_PARAMS.maxPerOffer);
    for (const p of first) {
      expect(p.score).toBeGreaterThanOrEqual(DEFAULT_PARAMS.minScore);
      expect(p.reasons.length).toBeGreaterThanOrEqual(1);
      for (const r of p.reasons) expect(r.vi.length * r.en.length).toBeGreaterThan(0);
      const sum = p.breakdown.reduce((s, c) => s + c.contribution, 0);
      expect(sum).toBeCloseTo(p.score, 2);
    }
    // Best first.
    const scores = first.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('a rerun updates in place: no twins, the same open pairs', async () => {
    const run = await runMatching(ctx.app);
    expect(run.status).toBe('succeeded');
    expect(run.counts.created).toBe(0);
    expect(run.counts.superseded).toBe(0);
    const again = await allProposals(ctx.app, 'status=proposed');
    expect(again.map((p) => p.id).sort()).toEqual(first.map((p) => p.id).sort());
    const twins = await queryRows<{ n: number }>(ctx.db.database.db, sql`SELECT count(*)::int AS n FROM (SELECT offer_id, demand_id FROM proposals WHERE status IN ('proposed','accepted_by_supply','accepted_by_demand','mutually_accepted') GROUP BY 1, 2 HAVING count(*) > 1) t`);
    expect(twins[0]?.n).toBe(0);
  });

  it('shows a proposal whole: breakdown, reasons, experts', async () => {
    const withExperts = first.find((p) => p.experts.length > 0) ?? first[0]!;
    const res = await ctx.app.inject({ method: 'GET', url: `/v1/proposals/${withExperts.id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.breakdown.map((c: { criterion: string }) => c.criterion)).toContain('text');
    expect(body.experts.length).toBeLessThanOrEqual(3);
    expect(body.algorithmVersion).toMatch(/ketnoi-match/);
  });

  it('lists runs newest first with their counts, and pages with a cursor bound to the filters', async () => {
    const page1 = (await ctx.app.inject({ method: 'GET', url: '/v1/matching/runs?limit=1' })).json();
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0].status).toBe('succeeded');
    expect(page1.items[0].timings.totalMs).toBeGreaterThanOrEqual(0);
    const page2 = (await ctx.app.inject({ method: 'GET', url: `/v1/matching/runs?limit=1&cursor=${page1.nextCursor}` })).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    const mismatched = await ctx.app.inject({ method: 'GET', url: `/v1/matching/runs?limit=1&status=failed&cursor=${page1.nextCursor}` });
    expect(mismatched.statusCode).toBe(400);
  });

  it('refuses a bad scope naming the field, and answers 404 for an unknown run', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/v1/matching/runs', payload: { scope: { kind: 'province', province: '99' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json().errors)).toContain('body.scope.province');
    const extra = await ctx.app.inject({ method: 'POST', url: '/v1/matching/runs', payload: { scope: { kind: 'all' }, weights: {} } });
    expect(extra.statusCode).toBe(400);
    const missing = await ctx.app.inject({ method: 'GET', url: '/v1/matching/runs/7c1e0000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
  });

  it('lists with filters: demandId, minScore, province', async () => {
    const target = first[0]!;
    const byDemand = await allProposals(ctx.app, `demandId=${target.demandId}`);
    expect(byDemand.every((p) => p.demandId === target.demandId)).toBe(true);
    const high = await allProposals(ctx.app, `minScore=${target.score}`);
    expect(high.every((p) => p.score >= target.score)).toBe(true);
    const byProvince = await allProposals(ctx.app, `province=${target.demandProvince}`);
    expect(byProvince.every((p) => p.demandProvince === target.demandProvince || p.supplyProvince === target.demandProvince)).toBe(true);
  });
});

describe('decisions', () => {
  it('both sides accepting makes a proposal mutually accepted, with an audit row each', async () => {
    const [p] = await allProposals(ctx.app, 'status=proposed');
    const supply = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'supply', decision: 'accept' } });
    expect(supply.statusCode, supply.body).toBe(200);
    expect(supply.json().status).toBe('accepted_by_supply');
    const same = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'supply', decision: 'accept' } });
    expect(same.json().version).toBe(supply.json().version);
    const changed = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'supply', decision: 'decline', reason: 'budget' } });
    expect(changed.statusCode).toBe(409);
    const demand = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'demand', decision: 'accept', note: 'Hẹn gặp tại Techconnect' } });
    expect(demand.json().status).toBe('mutually_accepted');
    const audit = (await ctx.app.inject({ method: 'GET', url: `/v1/admin/audit?entity=proposal&entityId=${p!.id}` })).json();
    expect(audit.items.map((e: { action: string }) => e.action).sort()).toEqual(['demand.accept', 'supply.accept']);
    // A rerun keeps the agreed proposal as it is.
    await runMatching(ctx.app);
    const after = (await ctx.app.inject({ method: 'GET', url: `/v1/proposals/${p!.id}` })).json();
    expect(after.status).toBe('mutually_accepted');
  });

  it('a decline needs a reason, closes the pair, and the pair is never proposed again', async () => {
    const [p] = await allProposals(ctx.app, 'status=proposed');
    const noReason = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'demand', decision: 'decline' } });
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(noReason.json().errors)).toContain('body.reason');
    const badReason = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'demand', decision: 'decline', reason: 'meh' } });
    expect(badReason.statusCode).toBe(400);
    const declined = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'demand', decision: 'decline', reason: 'not_relevant' } });
    expect(declined.json()).toMatchObject({ status: 'declined', closeReason: 'declined', demandDecision: { decision: 'decline', reason: 'not_relevant' } });
    const late = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${p!.id}/decisions`, payload: { side: 'supply', decision: 'accept' } });
    expect(late.statusCode).toBe(409);
    await runMatching(ctx.app);
    const pair = await allProposals(ctx.app, `demandId=${p!.demandId}&offerId=${p!.offerId}`);
    expect(pair.filter(open)).toHaveLength(0);
  });
});

describe('province scope', () => {
  it('a portal sees only proposals with a side in its province and decides only for its own side', async () => {
    const all = await allProposals(ctx.app, 'status=proposed');
    const cross = all.find((p) => p.supplyProvince !== p.demandProvince) as Proposal;
    expect(cross).toBeDefined();
    const portal = { authorization: `Bearer ${await createKey(ctx.db.database, 'portal', [cross.demandProvince])}` };
    const seen = await allProposals(ctx.app, '', portal);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.demandProvince === cross.demandProvince || p.supplyProvince === cross.demandProvince)).toBe(true);
    const otherSide = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${cross.id}/decisions`, payload: { side: 'supply', decision: 'accept' }, headers: portal });
    expect(otherSide.statusCode).toBe(403);
    const foreign = all.find((p) => p.supplyProvince !== cross.demandProvince && p.demandProvince !== cross.demandProvince) as Proposal;
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/proposals/${foreign.id}`, headers: portal })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${foreign.id}/decisions`, payload: { side: 'demand', decision: 'accept' }, headers: portal })).statusCode).toBe(404);
    const own = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${cross.id}/decisions`, payload: { side: 'demand', decision: 'accept' }, headers: portal });
    expect(own.statusCode).toBe(200);
  });

  it('a portal runs its own province or records, not everything, nor foreign records', async () => {
    const portal = { authorization: `Bearer ${await createKey(ctx.db.database, 'portal', ['79'])}` };
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/matching/runs', payload: { scope: { kind: 'all' } }, headers: portal })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/matching/runs', payload: { scope: { kind: 'province', province: '01' } }, headers: portal })).statusCode).toBe(403);
    const foreignDemand = (await allProposals(ctx.app)).find((p) => p.demandProvince !== '79')!.demandId;
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/matching/runs', payload: { scope: { kind: 'records', demandIds: [foreignDemand] } }, headers: portal })).statusCode).toBe(404);
    const own = await runMatching(ctx.app, { kind: 'province', province: '79' }, portal);
    expect(own.status, own.error ?? '').toBe('succeeded');
    const reader = { authorization: `Bearer ${await createKey(ctx.db.database, 'reader')}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/proposals', headers: reader })).statusCode).toBe(403);
  });
});

describe('changes trigger matching', () => {
  it('publishing a demand queues a run, and its proposals appear within seconds', async () => {
    const org = await create(ctx.app, 'organizations', makeOrganization({ province: '31', taxCode: '0200999111' }));
    const demand = await create(ctx.app, 'demands', makeDemand(org.id, {
      province: '31',
      title: { vi: 'Cần công nghệ xử lý nước thải chăn nuôi heo, thu hồi biogas' },
      problem: { vi: 'Trang trại chăn nuôi 5.000 con heo cần xử lý nước thải đạt QCVN 62 và tận dụng khí sinh học phát điện.' },
      fields: ['ENV.WATER'],
      keywords: ['nước thải chăn nuôi', 'biogas', 'UASB'],
      minTrl: 5,
    }));
    const proposals = await eventually(async () => {
      const found = await allProposals(ctx.app, `demandId=${demand.id}`);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    expect(proposals[0]!.demandProvince).toBe('31');
    const runs = (await ctx.app.inject({ method: 'GET', url: '/v1/matching/runs?kind=changes' })).json();
    expect(runs.items.length).toBeGreaterThan(0);
  });

  it('an offer that leaves the market takes its undecided proposals with it', async () => {
    const org = await create(ctx.app, 'organizations', makeOrganization({ province: '48', taxCode: '0400999222' }));
    const offer = await create(ctx.app, 'offers', makeOffer(org.id, {
      title: { vi: 'Hệ thống xử lý nước thải chăn nuôi heo bằng UASB và hồ sinh học' },
      summary: { vi: 'Xử lý nước thải chăn nuôi đạt QCVN 62, thu hồi biogas để phát điện cho trang trại.' },
      keywords: ['nước thải chăn nuôi', 'biogas', 'UASB'],
    }));
    const proposed = await eventually(async () => {
      const found = (await allProposals(ctx.app, `offerId=${offer.id}`)).filter(open);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    const res = await ctx.app.inject({ method: 'DELETE', url: `/v1/offers/${offer.id}`, headers: { 'if-match': `"${offer.version}"` } });
    expect(res.statusCode).toBe(204);
    const closed = await eventually(async () => {
      const found = await allProposals(ctx.app, `offerId=${offer.id}`);
      return found.every((p) => !open(p)) ? found : undefined;
    }, 20_000);
    expect(closed.map((p) => p.id).sort()).toEqual(proposed.map((p) => p.id).sort());
    expect(closed.every((p) => p.closeReason === 'unavailable' || p.closeReason === 'superseded')).toBe(true);
  });
});

describe('the nightly batch', () => {
  it('expires unanswered proposals past their time and never proposes them again', async () => {
    const [p] = await allProposals(ctx.app, 'status=proposed');
    await ctx.db.database.db.execute(sql`UPDATE proposals SET expires_at = now() - interval '1 day' WHERE id = ${p!.id}`);
    await ctx.queue.add('matching.nightly', {});
    const nightly = await eventually(async () => {
      const runs = (await ctx.app.inject({ method: 'GET', url: '/v1/matching/runs?kind=nightly' })).json();
      return runs.items[0]?.status === 'succeeded' ? runs.items[0] : undefined;
    }, 30_000);
    expect(nightly.counts.expired).toBeGreaterThanOrEqual(1);
    const after = (await ctx.app.inject({ method: 'GET', url: `/v1/proposals/${p!.id}` })).json();
    expect(after).toMatchObject({ status: 'expired', closeReason: 'ttl' });
    await runMatching(ctx.app);
    const pair = await allProposals(ctx.app, `demandId=${p!.demandId}&offerId=${p!.offerId}`);
    expect(pair.filter(open)).toHaveLength(0);
  });
});
