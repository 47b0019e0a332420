import { z } from 'zod';
import type { Bilingual, Lang } from './i18n.js';

export const PROBLEM_TYPE_BASE = 'https://ketnoi.example/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const fieldErrorSchema = z
  .object({
    path: z.string().describe('Where the problem is: `body.trl`, `query.limit`, `params.id`, `header.if-match`.'),
    code: z.string().describe('Machine-readable reason (zod issue code or a ketnoi code).'),
    message: z.string().describe('Human-readable reason, in the language negotiated by Accept-Language (vi or en).'),
  })
  .meta({ id: 'FieldError', description: 'One invalid field.' });

/** RFC 9457 problem details, the body of every error ketnoi returns. */
export const problemSchema = z
  .object({
    type: z.string().describe('URI identifying the problem type.'),
    title: z.string().describe('Short summary of the problem type, in the negotiated language.'),
    status: z.number().int().describe('The HTTP status code.'),
    detail: z.string().optional().describe('Explanation of this occurrence, in the negotiated language.'),
    instance: z.string().optional().describe('The request path this problem occurred on.'),
    code: z.string().describe('Stable machine-readable error code, e.g. VALIDATION_FAILED.'),
    requestId: z.string().describe('The x-request-id of the request; quote it when reporting a problem.'),
    errors: z.array(fieldErrorSchema).optional().describe('Per-field errors (validation problems only).'),
  })
  .meta({
    id: 'Problem',
    description: 'An error, as RFC 9457 application/problem+json. Titles and messages are in Vietnamese or English by Accept-Language.',
  });

export type Problem = z.output<typeof problemSchema>;
export type FieldError = z.output<typeof fieldErrorSchema>;

/** The catalogue of problem types: status, URI slug and bilingual title. */
export const problemTypes = {
  VALIDATION_FAILED: { status: 400, slug: 'validation', title: { en: 'Invalid request', vi: 'Yêu cầu không hợp lệ' } },
  MALFORMED_REQUEST: { status: 400, slug: 'malformed-request', title: { en: 'Malformed request', vi: 'Yêu cầu sai định dạng' } },
  UNAUTHORIZED: { status: 401, slug: 'unauthorized', title: { en: 'Authentication required', vi: 'Cần xác thực' } },
  FORBIDDEN: { status: 403, slug: 'forbidden', title: { en: 'Forbidden', vi: 'Không có quyền' } },
  NOT_FOUND: { status: 404, slug: 'not-found', title: { en: 'Not found', vi: 'Không tìm thấy' } },
  METHOD_NOT_ALLOWED: { status: 405, slug: 'method-not-allowed', title: { en: 'Method not allowed', vi: 'Phương thức không được hỗ trợ' } },
  NOT_ACCEPTABLE: { status: 406, slug: 'not-acceptable', title: { en: 'Not acceptable', vi: 'Không thể đáp ứng định dạng yêu cầu' } },
  REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', title: { en: 'Request timeout', vi: 'Hết thời gian chờ yêu cầu' } },
  CONFLICT: { status: 409, slug: 'conflict', title: { en: 'Conflict', vi: 'Xung đột dữ liệu' } },
  PRECONDITION_FAILED: { status: 412, slug: 'precondition-failed', title: { en: 'Precondition failed', vi: 'Điều kiện tiên quyết không thỏa mãn' } },
  PAYLOAD_TOO_LARGE: { status: 413, slug: 'payload-too-large', title: { en: 'Payload too large', vi: 'Dữ liệu gửi lên quá lớn' } },
  URI_TOO_LONG: { status: 414, slug: 'uri-too-long', title: { en: 'URI too long', vi: 'Đường dẫn quá dài' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, slug: 'unsupported-media-type', title: { en: 'Unsupported media type', vi: 'Kiểu dữ liệu không được hỗ trợ' } },
  UNPROCESSABLE: { status: 422, slug: 'unprocessable', title: { en: 'Unprocessable request', vi: 'Không thể xử lý yêu cầu' } },
  PRECONDITION_REQUIRED: { status: 428, slug: 'precondition-required', title: { en: 'Precondition required', vi: 'Thiếu điều kiện tiên quyết' } },
  TOO_MANY_REQUESTS: { status: 429, slug: 'too-many-requests', title: { en: 'Too many requests', vi: 'Quá nhiều yêu cầu' } },
  INTERNAL: { status: 500, slug: 'internal', title: { en: 'Internal server error', vi: 'Lỗi máy chủ' } },
  SERVICE_UNAVAILABLE: { status: 503, slug: 'service-unavailable', title: { en: 'Service unavailable', vi: 'Dịch vụ tạm thời không khả dụng' } },
} as const satisfies Record<string, { status: number; slug: string; title: Bilingual }>;

export type ProblemCode = keyof typeof problemTypes;

/** Error statuses whose problem types a status code maps to when no code is more specific. */
export function codeForStatus(status: number): ProblemCode {
  const found = (Object.keys(problemTypes) as ProblemCode[]).find((c) => problemTypes[c].status === status);
  if (found) return found;
  return status >= 500 ? 'INTERNAL' : 'MALFORMED_REQUEST';
}

export function buildProblem(input: {
  code: ProblemCode;
  lang: Lang;
  requestId: string;
  instance: string;
  detail?: Bilingual | undefined;
  errors?: FieldError[] | undefined;
  /** A more specific code than the problem type's, e.g. OFFER_NOT_FOUND. */
  specificCode?: string | undefined;
}): Problem {
  const type = problemTypes[input.code];
  return {
    type: PROBLEM_TYPE_BASE + type.slug,
    title: type.title[input.lang],
    status: type.status,
    ...(input.detail && { detail: input.detail[input.lang] }),
    instance: input.instance,
    code: input.specificCode ?? input.code,
    requestId: input.requestId,
    ...(input.errors && input.errors.length > 0 && { errors: input.errors }),
  };
}
