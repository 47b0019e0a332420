import type { Bilingual } from './i18n.js';
import type { ProblemCode } from './problem.js';

/**
 * The one error type services throw. It carries a problem type, a bilingual detail and optional
 * per-field errors; the error plugin turns it into application/problem+json. Services never
 * import Fastify, so this class knows nothing about HTTP beyond the problem code.
 */
export class AppError extends Error {
  constructor(
    readonly problem: ProblemCode,
    readonly detail: Bilingual,
    readonly options: {
      code?: string;
      fields?: { path: string; code: string; message: Bilingual }[];
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(detail.en, { cause: options.cause });
    this.name = 'AppError';
  }
}

export const notFound = (entity: Bilingual, id: string, code?: string) =>
  new AppError('NOT_FOUND', { en: `${entity.en} ${id} not found`, vi: `Không tìm thấy ${entity.vi} ${id}` }, { ...(code && { code }) });

export const serviceUnavailable = (what: Bilingual, retryAfterSeconds = 5) =>
  new AppError(
    'SERVICE_UNAVAILABLE',
    { en: `${what.en} is unavailable; try again shortly`, vi: `${what.vi} tạm thời không khả dụng; vui lòng thử lại sau` },
    { headers: { 'retry-after': String(retryAfterSeconds) } },
  );
