import type { Bilingual } from './i18n.js';
import type { ProblemCode } from './problem.js';

export interface Classified {
  code: ProblemCode;
  detail: Bilingual;
  specificCode?: string;
  headers?: Record<string, string>;
  /** The driver's code (SQLSTATE or errno), for logs. */
  sqlstate?: string;
}

/** SQLSTATE classes that mean the request conflicts with stored data. */
const CONFLICT_STATES: Record<string, Bilingual> = {
  '23505': { en: 'A record with the same unique values already exists', vi: 'Đã có bản ghi với cùng giá trị duy nhất' },
  '23503': { en: 'The record refers to, or is referred to by, another record', vi: 'Bản ghi đang liên kết với bản ghi khác' },
  '23P01': { en: 'The record overlaps an existing one', vi: 'Bản ghi trùng lặp với bản ghi đã có' },
  '40001': { en: 'A concurrent change conflicted with this one; retry', vi: 'Một thay đổi đồng thời xung đột với yêu cầu này; hãy thử lại' },
  '40P01': { en: 'A concurrent change conflicted with this one; retry', vi: 'Một thay đổi đồng thời xung đột với yêu cầu này; hãy thử lại' },
};

/** SQLSTATEs that mean a value slipped past validation: still the client's input, so a 400. */
const INVALID_VALUE_STATES = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05', '23502', '23514']);

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection is closed/i,
  /stream isn't writeable/i,
  /max retries per request/i,
  /redis did not answer/i,
  /redis connection is closed/i,
  /database system is (starting up|shutting down)/i,
  /the database system is in recovery mode/i,
];
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * Recognises database constraint violations and dependency outages anywhere in an error's cause
 * chain (drizzle wraps the driver's error). Returns undefined for anything it does not know.
 */
export function classifyError(error: unknown): Classified | undefined {
  for (const err of causes(error)) {
    const code = typeof err.code === 'string' ? err.code : undefined;
    if (code && CONFLICT_STATES[code]) {
      const constraint = typeof err.constraint === 'string' ? err.constraint : undefined;
      return { code: 'CONFLICT', detail: CONFLICT_STATES[code], sqlstate: code, ...(constraint && { specificCode: `CONFLICT_${constraint.toUpperCase()}` }) };
    }
    if (code && INVALID_VALUE_STATES.has(code)) {
      const column = typeof err.column === 'string' ? ` (${err.column})` : '';
      return {
        code: 'VALIDATION_FAILED',
        detail: { en: `A value is not acceptable${column}`, vi: `Có giá trị không được chấp nhận${column}` },
        sqlstate: code,
      };
    }
    const unavailable =
      (code !== undefined && (UNAVAILABLE_ERRNO.has(code) || /^(08|57P0|53)/.test(code))) ||
      (typeof err.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(err.message as string))) ||
      err.name === 'MaxRetriesPerRequestError';
    if (unavailable) {
      return {
        code: 'SERVICE_UNAVAILABLE',
        detail: {
          en: 'A service ketnoi depends on is unavailable; try again shortly',
          vi: 'Một dịch vụ mà ketnoi cần tạm thời không khả dụng; vui lòng thử lại sau',
        },
        headers: { 'retry-after': '5' },
      };
    }
  }
  return undefined;
}
