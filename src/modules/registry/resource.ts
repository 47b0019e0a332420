import type { PgTableWithColumns } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Bilingual } from '../../http/i18n.js';
import { isoDateTime } from '../../http/schemas.js';
import { minNotAboveMax, sourceRefSchema, sourceSystemSchema } from './common.schemas.js';
import type { Mode } from './shape.js';

export type ResourceName = 'organizations' | 'offers' | 'demands' | 'experts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one generic layer serves four tables with the shared registry columns
export type RegistryTable = PgTableWithColumns<any>;

/** What makes one registry resource different from another; everything else is shared. */
export interface ResourceDefinition {
  name: ResourceName;
  singular: string;
  entity: Bilingual;
  tag: { name: string; description: string };
  table: RegistryTable;
  /**
   * A narrow copy of the filter, sort and search columns under the same names (kept by a trigger):
   * lists scan it and read only the page's rows from `table`. Without it lists scan `table`.
   */
  searchTable?: RegistryTable;
  /** The record's own fields, declared once for input and output (see shape.ts). */
  shape: (mode: Mode) => z.ZodRawShape;
  /** Pairs [min, max] that must be ordered. */
  refine: [string, string][];
  /** Offers and demands have a lifecycle (status, validUntil). */
  lifecycle: boolean;
  /** Fields that refer to other records; checked on write (400 naming the field when unknown). */
  references: { key: string; resource: ResourceName; required: boolean; many?: boolean }[];
  /** Take the owning province from this referenced organisation when none is given. */
  provinceFrom?: string;
  search: { title: string[]; body: string[] };
  trlColumn?: string;
  moneyColumns?: [string, string];
  /** Filters by exact value on these enum/text columns (?kind=…, ?country=…). */
  exactFilters?: string[];
  sorts: string[];
  /** Personal data: shown only to the ministry and the record's own province. */
  privateFields?: string[];
}

const withoutDefault = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema);

export function createSchema(def: ResourceDefinition) {
  let schema = z.strictObject({
    ...def.shape('in'),
    sourceSystem: sourceSystemSchema.optional(),
    sourceRef: sourceRefSchema.optional(),
  });
  for (const [min, max] of def.refine) schema = schema.superRefine(minNotAboveMax(min, max)) as unknown as typeof schema;
  return schema
    .superRefine((v: Record<string, unknown>, ctx) => {
      if ((v.sourceSystem === undefined) !== (v.sourceRef === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['sourceRef'], message: 'Give sourceSystem and sourceRef together', params: { vi: 'Cần có cả sourceSystem và sourceRef' } });
      }
    })
    .meta({ id: `${pascal(def.singular)}Create`, description: `A new ${def.singular}.` });
}

/** The whole record without ids, as PUT by-ref takes it (sourceSystem/sourceRef come from the path). */
export function replaceSchema(def: ResourceDefinition) {
  let schema = z.strictObject(def.shape('in'));
  for (const [min, max] of def.refine) schema = schema.superRefine(minNotAboveMax(min, max)) as unknown as typeof schema;
  return schema.meta({ id: `${pascal(def.singular)}Replace`, description: `A complete ${def.singular}, replacing the stored one.` });
}

/** PATCH body: any subset of the fields; null removes an optional field. The merged record is validated whole. */
export function patchSchema(def: ResourceDefinition) {
  const shape = Object.fromEntries(
    Object.entries(def.shape('in')).map(([k, s]) => {
      const field = s as z.ZodType;
      const description = `${field.description ?? k} Null clears it.`;
      return [k, withoutDefault(field).nullable().optional().describe(description)];
    }),
  );
  return z
    .strictObject(shape)
    .meta({ id: `${pascal(def.singular)}Patch`, description: `Changes to a ${def.singular}: only the fields sent change; null clears an optional field.` });
}

export function responseSchema(def: ResourceDefinition) {
  // Personal data is left out of responses to other provinces, so those fields are optional.
  const fields = Object.fromEntries(
    Object.entries(def.shape('out')).map(([k, s]) => {
      const field = s as z.ZodType;
      if (!def.privateFields?.includes(k)) return [k, field];
      return [k, withoutDefault(field).optional().describe(`${field.description ?? k} Personal data: only for the ministry and the record's own province.`)];
    }),
  );
  return z
    .object({
      id: z.uuid().describe('Identifier.'),
      ...fields,
      province: z.string().describe('Owning province code, as given.'),
      currentProvince: z.string().describe('The current (from 1 July 2025) province the owning province belongs to.'),
      ...(def.lifecycle && {
        effectiveStatus: z.string().describe('The status in force today: a published record past validUntil is "expired".'),
        publishedAt: isoDateTime.nullable().describe('When it was first published.'),
      }),
      sourceSystem: z.string().nullable().describe('The integrating system that owns sourceRef.'),
      sourceRef: z.string().nullable().describe("The integrating system's own id."),
      version: z.number().int().describe('Version for optimistic locking; also the ETag.'),
      createdAt: isoDateTime.describe('When it was created.'),
      updatedAt: isoDateTime.describe('When it last changed.'),
      archivedAt: isoDateTime.nullable().describe('When it was archived (deleted); archived records leave lists and matching.'),
    })
    .meta({ id: pascal(def.singular), description: `A ${def.singular}.` });
}

export function pascal(s: string): string {
  return s.replace(/(^|[-_ ])(\w)/g, (_m, _s, c: string) => c.toUpperCase());
}
