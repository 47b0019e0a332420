import { readFile } from 'node:fs/promises';
import { count } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { asSystem } from '../../db/scope.js';
import { SYSTEM, type ActionContext } from '../access/caller.js';
import { organizations } from '../../db/schema/index.js';
import { createRegistryService } from '../registry/registry.service.js';
import { demandsResource, expertsResource, offersResource, organizationsResource } from '../registry/resources/index.js';

export const DEMO_SOURCE_SYSTEM = 'ketnoi-demo';
const DEMO_CONTEXT: ActionContext = { caller: { ...SYSTEM, name: 'system:demo-data' } };
export const DEMO_DATA_PATH = new URL('./demo-data.json', import.meta.url);

type Raw = Record<string, unknown> & { sourceRef: string };
export interface DemoData {
  organizations: Raw[];
  offers: Raw[];
  demands: Raw[];
  experts: Raw[];
}

export interface DemoCounts {
  organizations: number;
  offers: number;
  demands: number;
  experts: number;
}

export async function readDemoData(path: URL = DEMO_DATA_PATH): Promise<DemoData> {
  return JSON.parse(await readFile(path, 'utf8')) as DemoData;
}

/**
 * Loads the demo data set by (sourceSystem "ketnoi-demo", sourceRef), through the same
 * validation as the API. Organisation refs are resolved to ids. Loading twice adds nothing.
 */
export function loadDemoData(db: Db, data: DemoData): Promise<DemoCounts> {
  // The demo data spans every province: it is loaded as the system, whoever calls.
  return asSystem(() => load(db, data));
}

async function load(db: Db, data: DemoData): Promise<DemoCounts> {
  const service = (def: Parameters<typeof createRegistryService>[0]) => createRegistryService(def, { db });
  const orgs = service(organizationsResource);
  const ids = new Map<string, string>();
  for (const { sourceRef, ...org } of data.organizations) {
    const { row } = await orgs.upsertByRef(DEMO_SOURCE_SYSTEM, sourceRef, org, DEMO_CONTEXT);
    ids.set(sourceRef, row.id);
  }
  const idOf = (ref: unknown, where: string): string => {
    const id = ids.get(String(ref));
    if (!id) throw new Error(`demo data: ${where} refers to unknown organization ${String(ref)}`);
    return id;
  };
  const run = async (def: Parameters<typeof createRegistryService>[0], records: Raw[], map: (r: Raw) => Record<string, unknown>) => {
    const svc = service(def);
    for (const record of records) await svc.upsertByRef(DEMO_SOURCE_SYSTEM, record.sourceRef, map(record), DEMO_CONTEXT);
    return records.length;
  };
  const withOrg = ({ sourceRef, organizationRef, ...rest }: Raw) => ({ ...rest, organizationId: idOf(organizationRef, sourceRef) });
  return {
    organizations: data.organizations.length,
    offers: await run(offersResource, data.offers, withOrg),
    demands: await run(demandsResource, data.demands, withOrg),
    experts: await run(expertsResource, data.experts, ({ sourceRef, affiliationRef, conflictOrganizationRefs, ...rest }) => ({
      ...rest,
      ...(affiliationRef !== undefined && { affiliationId: idOf(affiliationRef, sourceRef) }),
      conflictOrganizationIds: ((conflictOrganizationRefs as string[] | undefined) ?? []).map((r) => idOf(r, sourceRef)),
    })),
  };
}

/** True when the database holds no organisation yet (a first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await asSystem(async () => await db.select({ n: count() }).from(organizations));
  return (row?.n ?? 0) === 0;
}
