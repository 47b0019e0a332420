import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';
import { makeEvent } from '../helpers/events.js';
import { create, makeDemand, makeExpert, makeOffer, makeOrganization } from '../helpers/registry.js';

/**
 * Input fuzzing from the OpenAPI document (RELIABILITY.md): for every operation, 200 generated
 * requests, valid-looking ones mutated with hostile values (wrong types, huge strings, NUL, NFD,
 * __proto__, deep nesting). Never a 5xx; every 4xx is problem+json.
 */
const RUNS = 200;
/** Fixed so that CI is reproducible; FUZZ_SEED=<n> explores other inputs. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

type Operation = { method: string; path: string; operationId: string; query: string[]; hasBody: boolean };

const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', 'Xử lý nước thải'.normalize('NFD'), '__proto__', 'constructor', '../../etc/passwd', "' OR 1=1 --", '<script>', '=cmd|calc', '%00', '\uD800', '🙂', 'x'.repeat(5000)),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 1e308, 0.5),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'vi', 'en')), tie('value'), { maxKeys: 4 }),
  ),
})).value;
const safeEncode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be encoded; send its raw UTF-8 bytes instead
  }
};
const deepNesting = fc.integer({ min: 50, max: 3000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown);

describe('fuzzing every operation', () => {
  let db: TestDatabase;
  let app: App;
  const queue = createInProcessBackend({ log: testLogger });
  let operations: Operation[] = [];
  const ids: Record<string, string> = {};
  const validBodies: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    db = await createPostgresDatabase();
    app = await createTestApp({ database: db.database, queue, config: { RATE_LIMIT_MINISTRY: '1000000' } });
    const org = await create(app, 'organizations', makeOrganization());
    ids.organizations = org.id;
    ids.offers = (await create(app, 'offers', makeOffer(org.id))).id;
    ids.demands = (await create(app, 'demands', makeDemand(org.id))).id;
    ids.experts = (await create(app, 'experts', makeExpert())).id;
    ids.events = (await create(app, 'events', makeEvent())).id;
    Object.assign(validBodies, { organizations: makeOrganization(), offers: makeOffer(org.id), demands: makeDemand(org.id), experts: makeExpert() });
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { operationId: string; parameters?: { in: string; name: string }[]; requestBody?: unknown }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: op.requestBody !== undefined,
      })),
    );
  });
  afterAll(async () => {
    await app?.close();
    await queue.close();
    await db?.drop();
  });

  it('never answers 5xx, and every 4xx is problem+json', async () => {
    expect(operations.length).toBeGreaterThan(30);
    const failures: string[] = [];
    let requests = 0;
    for (const op of operations) {
      const resource = op.path.split('/')[2] ?? '';
      const pathParam = fc.oneof(fc.constant(ids[resource] ?? '7c1e0000-0000-4000-8000-000000000000'), fc.uuid(), hostileString.map(safeEncode));
      const query = fc.dictionary(fc.oneof(fc.constantFrom(...(op.query.length ? op.query : ['x'])), fc.string({ maxLength: 6 })), fc.oneof(hostileString, fc.integer().map(String)), { maxKeys: 4 });
      const base = validBodies[resource] ?? {};
      const body = fc.oneof(
        hostileValue,
        deepNesting,
        fc.tuple(fc.constantFrom(...Object.keys(base).concat('extra')), hostileValue).map(([k, v]) => ({ ...base, [k]: v })),
        fc.constant(base),
      );
      const samples = fc.sample(fc.record({ pathParam, query, body, headers: fc.record({ 'if-match': fc.oneof(fc.constant('*'), fc.constant('"1"'), hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, ''))) }) }), { numRuns: RUNS, seed: SEED + operations.indexOf(op) });
      for (const s of samples) {
        const url = op.path.replace(/\{[^}]+\}/g, () => s.pathParam) + '?' + new URLSearchParams(s.query as Record<string, string>).toString();
        const res = await app.inject({
          method: op.method as 'GET',
          url,
          headers: { ...(op.hasBody && { 'content-type': 'application/json' }), 'if-match': s.headers['if-match'] },
          ...(op.hasBody && { payload: JSON.stringify(s.body) }),
        });
        requests++;
        const problem = res.statusCode >= 400 && !/^application\/problem\+json/.test(String(res.headers['content-type']));
        if (res.statusCode >= 500 || problem) failures.push(`${op.operationId} ${op.method} ${url.slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(requests).toBe(operations.length * RUNS);
  }, 300_000);
});
