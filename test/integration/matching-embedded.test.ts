import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../src/jobs/worker-runtime.js';
import { loadDemoData, readDemoData } from '../../src/modules/demo/demo.loader.js';
import { useTestApp } from '../helpers/app.js';
import { createEmbeddedDatabase } from '../helpers/context.js';
import { allProposals, runMatching, startMatchingWorker } from '../helpers/matching.js';

/** The embedded default (PGlite, in-process jobs) runs the same matcher end to end. */
const ctx = useTestApp({ createDb: createEmbeddedDatabase });
let worker: RunningWorker;

beforeAll(async () => {
  await loadDemoData(ctx.db.database.db, await readDemoData());
  worker = await startMatchingWorker(ctx.db.database, ctx.queue);
});
afterAll(async () => {
  await worker?.close();
});

describe('matching on the embedded database', () => {
  it('runs, proposes, reruns without twins and records decisions', async () => {
    const run = await runMatching(ctx.app);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const proposed = await allProposals(ctx.app, 'status=proposed');
    expect(proposed.length).toBe(run.counts.selected);
    const again = await runMatching(ctx.app);
    expect(again.counts.created).toBe(0);
    const res = await ctx.app.inject({ method: 'POST', url: `/v1/proposals/${proposed[0]!.id}/decisions`, payload: { side: 'supply', decision: 'accept' } });
    expect(res.json().status).toBe('accepted_by_supply');
  });
});
