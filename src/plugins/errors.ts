import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../http/errors.js';
import { localizeIssue, negotiateLang, type Bilingual } from '../http/i18n.js';
import { classifyError } from '../http/classify.js';
import {
  buildProblem,
  codeForStatus,
  PROBLEM_CONTENT_TYPE,
  problemSchema,
  type ProblemCode,
} from '../http/problem.js';

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Problem responses every operation can give, added to each route's schema so OpenAPI lists them. */
const COMMON_STATUSES = [400, 404, 429, 500, 503] as const;
const BODY_STATUSES = [409, 413, 415] as const;

declare module 'fastify' {
  interface FastifyReply {
    /** Sends an application/problem+json response in the request's language. */
    problem(code: ProblemCode, options?: ProblemOptions): FastifyReply;
  }
}

export interface ProblemOptions {
  detail?: Bilingual;
  errors?: { path: string; code: string; message: Bilingual }[];
  specificCode?: string;
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 §3.2) the route's problem schema declares. */
  extra?: Record<string, unknown>;
}

/**
 * One place that turns every failure into RFC 9457 application/problem+json: validation (400 with
 * per-field errors in Vietnamese or English), Fastify's own 4xx (malformed JSON, wrong content
 * type, body too large), unknown routes (404) and methods (405 with Allow), typed AppErrors,
 * PostgreSQL constraint violations (409) and dependency outages (503). Anything else is a 500 with
 * nothing internal in the body; the full error goes to the log.
 */
export default fp(
  async (app) => {
    // A second router over the same routes answers "does this path exist under another method?".
    const known = FindMyWay({ ignoreTrailingSlash: false });

    app.addHook('onRoute', (route) => {
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase() as HTTPMethod);
      for (const method of methods) {
        if (METHODS.includes(method) && !known.hasRoute(method, route.url)) known.on(method, route.url, () => {});
      }
      const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
      if (!schema || schema.hide) return;
      const response = { ...(schema.response ?? {}) };
      const hasBody = methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH');
      for (const status of [...COMMON_STATUSES, ...(hasBody ? BODY_STATUSES : [])]) {
        response[status] ??= problemSchema;
      }
      route.schema = { ...schema, response };
    });

    app.decorateReply('problem', function (this: FastifyReply, code: ProblemCode, options: ProblemOptions = {}) {
      const lang = negotiateLang(this.request.headers['accept-language']);
      for (const [name, value] of Object.entries(options.headers ?? {})) this.header(name, value);
      const body = buildProblem({
        code,
        lang,
        requestId: this.request.id,
        instance: this.request.url.split('?')[0] ?? '/',
        detail: options.detail,
        errors: options.errors?.map((e) => ({ path: e.path, code: e.code, message: e.message[lang] })),
        specificCode: options.specificCode,
      });
      return this.code(body.status).type(PROBLEM_CONTENT_TYPE).send({ ...body, ...options.extra });
    });

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const allowed = METHODS.filter((m) => known.find(m, path) !== null);
      if (allowed.length > 0) {
        return reply.header('allow', allowed.join(', ')).problem('METHOD_NOT_ALLOWED', {
          detail: {
            en: `${request.method} is not supported on ${path}; use ${allowed.join(', ')}`,
            vi: `${path} không hỗ trợ ${request.method}; hãy dùng ${allowed.join(', ')}`,
          },
        });
      }
      return reply.problem('NOT_FOUND', {
        specificCode: 'ROUTE_NOT_FOUND',
        detail: { en: `No route ${request.method} ${path}`, vi: `Không có đường dẫn ${request.method} ${path}` },
      });
    });

    app.setErrorHandler((error: FastifyError, request, reply) => handleError(error, request, reply));
  },
  { name: 'errors', fastify: '5.x' },
);

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = contextName(error.validationContext);
    const errors: ProblemOptions['errors'] = [];
    for (const issue of error.validation) {
      const base = [where, ...issue.instancePath.split('/').filter(Boolean)].join('.');
      const params = issue.params as Record<string, unknown>;
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
        for (const key of params.keys as string[]) {
          errors.push({
            path: `${base}.${key}`,
            code: 'unrecognized_key',
            message: { en: `Unknown field "${key}"`, vi: `Trường "${key}" không được phép` },
          });
        }
        continue;
      }
      errors.push({ path: base, code: issue.keyword, message: localizeIssue({ code: issue.keyword, message: issue.message ?? "", params }) });
    }
    const fields = [...new Set(errors.map((e) => e.path))].join(', ');
    return reply.problem('VALIDATION_FAILED', {
      detail: { en: `Invalid ${fields}`, vi: `Không hợp lệ: ${fields}` },
      errors,
    });
  }

  if (error instanceof AppError) {
    if (error.problem === 'INTERNAL') request.log.error({ err: error }, 'internal error');
    return reply.problem(error.problem, {
      detail: error.detail,
      ...(error.options.fields && { errors: error.options.fields }),
      ...(error.options.code && { specificCode: error.options.code }),
      ...(error.options.headers && { headers: error.options.headers }),
    });
  }

  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    return reply.problem('INTERNAL');
  }

  const classified = classifyError(error);
  if (classified) {
    // Only the classification: a driver error's message carries the query's parameters (personal data).
    const level = classified.code === 'SERVICE_UNAVAILABLE' ? 'warn' : 'info';
    request.log[level]({ problem: classified.specificCode ?? classified.code, sqlstate: classified.sqlstate }, 'request failed: %s', classified.code);
    return reply.problem(classified.code, classified);
  }

  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, media type, size, timeouts): their messages are safe.
    const code = codeForStatus(status);
    const message = fastifyClientMessage(error, status);
    return reply.problem(code, { detail: message, specificCode: error.code || code });
  }

  request.log.error({ err: error }, 'unhandled error');
  return reply.problem('INTERNAL', {
    detail: {
      en: 'An unexpected error occurred; quote the requestId when reporting it',
      vi: 'Đã xảy ra lỗi không mong muốn; vui lòng báo lại kèm requestId',
    },
  });
}

function contextName(context: string | undefined): string {
  switch (context) {
    case 'querystring':
      return 'query';
    case 'headers':
      return 'header';
    case 'params':
    case 'body':
      return context;
    default:
      return 'request';
  }
}

function fastifyClientMessage(error: FastifyError, status: number): Bilingual {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        en: 'Unsupported Content-Type; send application/json',
        vi: 'Content-Type không được hỗ trợ; hãy gửi application/json',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { en: 'Request body is larger than the limit', vi: 'Nội dung yêu cầu vượt quá giới hạn cho phép' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        en: "Body cannot be empty when Content-Type is 'application/json'",
        vi: "Nội dung không được để trống khi Content-Type là 'application/json'",
      };
    default:
      if (status === 400 && error instanceof SyntaxError) {
        return { en: `Malformed JSON body: ${error.message}`, vi: `Nội dung JSON sai cú pháp: ${error.message}` };
      }
      return { en: error.message, vi: error.message };
  }
}
