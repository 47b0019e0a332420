import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { currentBox, runInBox, type ScopeBox } from '../db/scope.js';
import { problemSchema } from '../http/problem.js';
import { createAccessService, type AuthResult } from '../modules/access/access.service.js';
import type { Caller, Role } from '../modules/access/caller.js';

export type Access = 'public' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set on every /v1 route that is not public. */
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Where a request keeps its scope box (a decorated property: no map lookup per request). */
const BOX = Symbol('ketnoi.scopeBox');
type BoxedRequest = FastifyRequest & { [BOX]: ScopeBox | null };

const READ: readonly Role[] = ['ministry', 'portal', 'reader'];
const WRITE: readonly Role[] = ['ministry', 'portal'];

/** The roles a route admits: its own `config.access`, else any role to read and ministry/portals to write. */
function rolesOf(method: string, access: Access | undefined): readonly Role[] | 'public' {
  if (access === 'public') return 'public';
  if (access) return access.roles;
  return method === 'GET' || method === 'HEAD' ? READ : WRITE;
}

/** The caller of a request on a protected route (set by this plugin before the handler runs). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error('callerOf used on a route without authentication');
  return request.caller;
}

/**
 * Bearer-key authentication for /v1. Scope comes only from the credential. 401 for a missing,
 * malformed, unknown or revoked key; 403 for a role the route does not admit. Object-level rules
 * (foreign records answer 404) live in the services' queries.
 */
export default fp<{ db: Db }>(
  async (app, { db }) => {
    const access = createAccessService({ db });
    app.decorateRequest('caller', null);
    app.decorateRequest(BOX, null);

    // Row-level security's scope for everything a request runs: none (no scoped rows) until the
    // credential is checked below, then the caller's. The handler and later hooks inherit the box.
    app.addHook('onRequest', (request, _reply, done) => {
      const box: ScopeBox = { scope: null };
      (request as BoxedRequest)[BOX] = box;
      runInBox(box, done);
    });
    // A request body is read in the socket's async context, which lost the box: enter it again.
    // Without a body the hooks run on in the box they started in.
    app.addHook('preValidation', (request, _reply, done) => {
      const box = (request as BoxedRequest)[BOX];
      if (box && currentBox() !== box) runInBox(box, done);
      else done();
    });

    /** Sets the caller, or answers 401 / 403 (then the request goes no further). */
    const decide = (request: FastifyRequest, reply: FastifyReply, roles: readonly Role[], result: AuthResult, done: HookHandlerDoneFunction) => {
      if ('error' in result) {
        reply.header('www-authenticate', 'Bearer realm="ketnoi"');
        const detail =
          result.error === 'missing'
            ? { en: 'Send Authorization: Bearer <API key>', vi: 'Cần gửi Authorization: Bearer <khóa API>' }
            : result.error === 'revoked'
              ? { en: 'This API key has been revoked', vi: 'Khóa API này đã bị thu hồi' }
              : { en: 'The API key is not valid', vi: 'Khóa API không hợp lệ' };
        reply.problem('UNAUTHORIZED', { detail, specificCode: result.error === 'missing' ? 'UNAUTHORIZED' : result.error === 'revoked' ? 'KEY_REVOKED' : 'INVALID_KEY' });
        return;
      }
      if (!roles.includes(result.caller.role)) {
        reply.problem('FORBIDDEN', {
          detail: { en: `The ${result.caller.role} role may not do this`, vi: `Vai trò ${result.caller.role} không được phép thực hiện thao tác này` },
        });
        return;
      }
      request.caller = result.caller;
      const box = (request as BoxedRequest)[BOX];
      if (box) box.scope = result.caller;
      done();
    };

    /**
     * The credential check of a protected route, added to the route itself (so the roles are known
     * once, not looked up per request; hooks a plugin adds with addHook('onRequest') after this one
     * run before it: none does, and none should need the caller). A callback hook: a key checked in the last few seconds is
     * decided synchronously, without a promise; others are looked up.
     */
    const authenticateFor = (rolesOfRequest: (request: FastifyRequest) => readonly Role[] | 'public') =>
      function authenticate(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
        const roles = rolesOfRequest(request);
        if (roles === 'public') return done();
        const header = request.headers.authorization;
        const known = access.knownAuthentication(header);
        if (known) return decide(request, reply, roles, known, done);
        // The continuation runs in the request's box, like the hook itself.
        access.authenticate(header).then(
          (result) => decide(request, reply, roles, result, done),
          (err: Error) => done(err),
        );
      };

    app.addHook('onRoute', (route) => {
      // Decided by the route that matched, never by the raw URL: the router decodes "%76" to "v".
      // Unknown paths (404) have no route and no check, as before.
      if (!route.url.startsWith('/v1')) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const access = route.config?.access;
      const roles = rolesOf(String(methods[0]).toUpperCase(), access);
      // First among the route's own onRequest hooks, as when it was a global hook. A route with
      // several methods decides by the request's method.
      if (methods.length > 1) route.onRequest = [authenticateFor((request) => rolesOf(request.method, access)), ...hooksOf(route.onRequest)] as typeof route.onRequest;
      else if (roles !== 'public') route.onRequest = [authenticateFor(() => roles), ...hooksOf(route.onRequest)] as typeof route.onRequest;
      const schema = route.schema as { hide?: boolean; response?: Record<string, unknown>; security?: unknown } | undefined;
      if (!schema || schema.hide) return;
      if (roles === 'public') {
        route.schema = { ...schema, security: [] };
        return;
      }
      route.schema = {
        ...schema,
        security: [{ bearerAuth: [] }],
        response: { ...schema.response, 401: problemSchema, 403: problemSchema },
      };
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);

const hooksOf = (hooks: unknown): unknown[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);
