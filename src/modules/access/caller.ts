/**
 * Who is calling, as established from the credential (never from the request). Services take it
 * explicitly, so the worker and CLI tools can act as the system with the same rules.
 */
export type Role = 'ministry' | 'portal' | 'reader';

export interface Caller {
  clientId: string | null;
  name: string;
  role: Role;
  /** Current province codes a portal is bound to; empty for the ministry and readers. */
  provinces: readonly string[];
}

export interface ActionContext {
  caller: Caller;
  requestId?: string;
}

/** The system itself (demo loader, CLI tools, jobs): nationwide, like the ministry. */
export const SYSTEM: Caller = { clientId: null, name: 'system', role: 'ministry', provinces: [] };

export const isNationwide = (caller: Caller) => caller.role === 'ministry';

/** Whether the caller may see private fields of, and change, a record of this (current) province. */
export function owns(caller: Caller, currentProvince: string): boolean {
  return caller.role === 'ministry' || (caller.role === 'portal' && caller.provinces.includes(currentProvince));
}

export const canWrite = (caller: Caller) => caller.role !== 'reader';
