import { describe, expect, it } from 'vitest';
import { polishOpenapi } from '../../src/http/openapi.js';
import { buildProblem, codeForStatus, problemSchema, problemTypes, type ProblemCode } from '../../src/http/problem.js';

describe('problem catalogue', () => {
  it.each(Object.keys(problemTypes) as ProblemCode[])('%s builds a valid problem in both languages', (code) => {
    for (const lang of ['en', 'vi'] as const) {
      const problem = buildProblem({ code, lang, requestId: 'r1', instance: '/v1/x', detail: { en: 'E', vi: 'V' } });
      expect(problemSchema.parse(problem)).toEqual(problem);
      expect(problem.status).toBe(problemTypes[code].status);
      expect(problem.type).toMatch(/^https:\/\/ketnoi\.example\/problems\/[a-z-]+$/);
      expect(problem.detail).toBe(lang === 'en' ? 'E' : 'V');
      expect(problem.title).toBe(problemTypes[code].title[lang]);
    }
  });

  it.each([
    [404, 'NOT_FOUND'],
    [413, 'PAYLOAD_TOO_LARGE'],
    [415, 'UNSUPPORTED_MEDIA_TYPE'],
    [418, 'MALFORMED_REQUEST'],
    [502, 'INTERNAL'],
  ])('status %i maps to %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe('polishOpenapi', () => {
  const doc = {
    paths: {
      '/x': {
        get: {
          responses: {
            200: { description: 'Default Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            404: { description: 'Default Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: { type: 'object' },
        ThingInput: { type: 'object', properties: { p: { $ref: '#/components/schemas/PartInput' } } },
        PartInput: { type: 'object' },
        Problem: { type: 'object', properties: { errors: { items: { $ref: '#/components/schemas/FieldError' } } } },
        FieldError: { type: 'object' },
      },
    },
  };
  const out = polishOpenapi(doc);

  it('declares error bodies as application/problem+json', () => {
    expect(Object.keys(out.paths['/x'].get.responses[404].content)).toEqual(['application/problem+json']);
    expect(Object.keys(out.paths['/x'].get.responses[200].content)).toEqual(['application/json']);
  });

  it('describes responses', () => {
    expect(out.paths['/x'].get.responses[200].description).toBe('OK');
    expect(out.paths['/x'].get.responses[404].description).toBe('Not Found');
  });

  it('drops unreferenced components, transitively, and keeps referenced ones', () => {
    expect(Object.keys(out.components.schemas).sort()).toEqual(['FieldError', 'Problem', 'Thing']);
  });

  it('does not modify its input', () => {
    expect(doc.components.schemas.ThingInput).toBeDefined();
  });
});
