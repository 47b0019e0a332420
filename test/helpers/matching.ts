import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import { startWorker, type RunningWorker } from '../../src/jobs/worker-runtime.js';
import { matchingSettings } from '../../src/modules/matching/params.js';
import { loadConfig } from '../../src/config.js';
import { appView, eventually } from './context.js';
import { testLogger } from './app.js';

/** A worker on the test's queue, with a short debounce so change-triggered runs come quickly. */
export function startMatchingWorker(database: Database, backend: QueueBackend, env: Record<string, string> = {}): Promise<RunningWorker> {
  return startWorker({
    database: appView(database),
    backend,
    log: testLogger,
    concurrency: 2,
    heartbeatMs: 60_000,
    matching: matchingSettings(loadConfig({ MATCH_DEBOUNCE_MS: '100', ...env })),
  });
}

export type Run = { id: string; status: string; counts: Record<string, number>; kind: string; error: string | null };

/** Queues a run over HTTP and waits until it has finished. */
export async function runMatching(app: App, scope: Record<string, unknown> = { kind: 'all' }, headers: Record<string, string> = {}): Promise<Run> {
  const res = await app.inject({ method: 'POST', url: '/v1/matching/runs', payload: { scope }, headers });
  expect(res.statusCode, res.body).toBe(202);
  return waitForRun(app, res.json().id as string);
}

export async function waitForRun(app: App, id: string, timeoutMs = 60_000): Promise<Run> {
  return eventually(
    async () => {
      const run = (await app.inject({ method: 'GET', url: `/v1/matching/runs/${id}` })).json() as Run;
      return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
    },
    timeoutMs,
    100,
  );
}

export type Proposal = {
  id: string;
  offerId: string;
  demandId: string;
  status: string;
  score: number;
  supplyProvince: string;
  demandProvince: string;
  reasons: { vi: string; en: string }[];
  breakdown: { criterion: string; contribution: number }[];
  experts: { expertId: string }[];
  closeReason: string | null;
  version: number;
};

/** Every proposal the caller sees with these filters, across pages. */
export async function allProposals(app: App, query = '', headers: Record<string, string> = {}): Promise<Proposal[]> {
  const out: Proposal[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/v1/proposals?limit=100${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Proposal[]; nextCursor: string | null };
    out.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}
