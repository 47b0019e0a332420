import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/http/classify.js';

const wrapped = (inner: object) => Object.assign(new Error('Failed query: insert ...'), { cause: Object.assign(new Error('db'), inner) });

describe('classifyError', () => {
  it.each([
    ['unique violation', { code: '23505', constraint: 'offers_source_ref_key' }, 'CONFLICT'],
    ['foreign key violation', { code: '23503' }, 'CONFLICT'],
    ['serialization failure', { code: '40001' }, 'CONFLICT'],
    ['value too long', { code: '22001' }, 'VALIDATION_FAILED'],
    ['check violation', { code: '23514' }, 'VALIDATION_FAILED'],
    ['NUL byte in text', { code: '22021' }, 'VALIDATION_FAILED'],
    ['connection refused', { code: 'ECONNREFUSED' }, 'SERVICE_UNAVAILABLE'],
    ['admin shutdown', { code: '57P01' }, 'SERVICE_UNAVAILABLE'],
    ['connection exception class', { code: '08006' }, 'SERVICE_UNAVAILABLE'],
    ['too many connections', { code: '53300' }, 'SERVICE_UNAVAILABLE'],
    ['pool connect timeout', { message: 'timeout exceeded when trying to connect' }, 'SERVICE_UNAVAILABLE'],
    ['redis offline', { message: "Stream isn't writeable and enableOfflineQueue options is false" }, 'SERVICE_UNAVAILABLE'],
  ])('%s → %s (found through .cause)', (_name, inner, code) => {
    expect(classifyError(wrapped(inner))?.code).toBe(code);
  });

  it('names the violated constraint in the code', () => {
    expect(classifyError(wrapped({ code: '23505', constraint: 'offers_source_ref_key' }))?.specificCode).toBe('CONFLICT_OFFERS_SOURCE_REF_KEY');
  });

  it('adds Retry-After to outages', () => {
    expect(classifyError(wrapped({ code: 'ECONNREFUSED' }))?.headers).toEqual({ 'retry-after': '5' });
  });

  it.each([new Error('boom'), new TypeError('x is undefined'), 'a string', null, { code: 42 }])('leaves %j unclassified', (err) => {
    expect(classifyError(err)).toBeUndefined();
  });

  it('does not loop on a cyclic cause chain', () => {
    const a: { cause?: unknown; message: string } = { message: 'a' };
    a.cause = a;
    expect(classifyError(a)).toBeUndefined();
  });
});
