import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_PATH, renderOpenapi } from '../../src/bin/openapi-document.js';

type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
  requestBody?: unknown;
};

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

describe('OpenAPI document', () => {
  let text: string;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  let operations: [string, string, Operation][];

  beforeAll(async () => {
    text = await renderOpenapi();
    doc = JSON.parse(text);
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => [path, method, op] as [string, string, Operation]),
    );
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('is committed as openapi/openapi.json, unchanged', async () => {
    expect(await readFile(OPENAPI_PATH, 'utf8')).toBe(text);
  });

  it('versions the API under /v1 (probes and docs excepted)', () => {
    for (const [path] of operations) expect(path).toMatch(/^\/(v1|health)\//);
  });

  it('gives every operation an operationId, tags and a summary', () => {
    for (const [path, method, op] of operations) {
      expect.soft(op.operationId, `${method} ${path}`).toBeTruthy();
      expect.soft(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect.soft(op.summary, `${method} ${path}`).toBeTruthy();
    }
    const ids = operations.map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares problem+json error responses on every operation', () => {
    for (const [path, method, op] of operations) {
      for (const status of ['400', '404', '429', '500', '503']) {
        expect.soft(Object.keys(op.responses[status]?.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
      if (op.requestBody) {
        for (const status of ['409', '413', '415']) expect.soft(op.responses[status], `${method} ${path} ${status}`).toBeDefined();
      }
      for (const [status, response] of Object.entries(op.responses)) {
        expect.soft(response.description, `${method} ${path} ${status}`).not.toBe('Default Response');
      }
    }
  });

  it('describes every property of every schema', () => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [key, prop] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          if (!prop.description && !prop.$ref) missing.push(`${where}.${key}`);
        }
      }
      for (const [key, child] of Object.entries(n)) visit(child, `${where}.${key}`);
    };
    visit(doc.paths, 'paths');
    visit(doc.components, 'components');
    expect(missing).toEqual([]);
  });
});
