import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The scope PostgreSQL row-level security checks (the backstop behind the query layer): whose
 * rows a statement may see and change. Structurally a subset of the access module's Caller, so a
 * caller is a scope; kept here so the database layer does not depend on a domain module.
 */
export interface Scope {
  role: 'ministry' | 'portal' | 'reader';
  /** Current province codes of a portal; empty for the ministry and readers. */
  provinces: readonly string[];
}

/** The system itself (jobs, demo loader, CLI tools, first start): nationwide, like the ministry. */
export const SYSTEM_SCOPE: Scope = Object.freeze({ role: 'ministry', provinces: Object.freeze([]) as readonly string[] });

/** The non-owner role every application statement runs as (created by the row_level_security migration). */
export const APP_ROLE = 'ketnoi_app';

/**
 * A box rather than a bare value: a request enters its box before authentication (so it starts
 * with no rows visible) and the auth hook fills it in place once the credential is checked.
 */
export interface ScopeBox {
  scope: Scope | null;
}

const storage = new AsyncLocalStorage<ScopeBox>();

/**
 * Runs `fn` with this scope (null: no scoped rows at all) for every statement it starts. Drizzle
 * queries are lazy: `fn` must await them itself (`async () => await db.select()…`), not return them.
 */
export function runInScope<T>(scope: Scope | null, fn: () => T): T {
  return storage.run({ scope }, fn);
}

export const asSystem = <T>(fn: () => T): T => runInScope(SYSTEM_SCOPE, fn);

/** Runs `fn` inside an existing box (a request re-enters its own box after body parsing). */
export function runInBox<T>(box: ScopeBox, fn: () => T): T {
  return storage.run(box, fn);
}

/** The innermost box, or undefined outside any scope. */
export const currentBox = (): ScopeBox | undefined => storage.getStore();

/** The values of the settings the policies read; no scope means no role, which no policy admits. */
export function scopeSettings(scope: Scope | null): { role: string; provinces: string } {
  if (!scope) return { role: '', provinces: '' };
  // Codes are digits; a comma in one would widen the portal's set, so refuse it outright.
  if (scope.provinces.some((p) => p.includes(','))) throw new Error('province codes must not contain commas');
  return { role: scope.role, provinces: scope.role === 'portal' ? scope.provinces.join(',') : '' };
}
