import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { createSelectSchema } from 'drizzle-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { provinces, technologyFields } from '../../db/schema/index.js';

const province = createSelectSchema(provinces, {
  scheme: (s) => s.describe('"2025" for the 34 units from 1 July 2025, "2008" for the 63 units before.'),
  code: (s) => s.describe('Official two-digit code (GSO).'),
  nameVi: (s) => s.describe('Official Vietnamese name.'),
  shortNameVi: (s) => s.describe('Vietnamese name without "Tỉnh"/"Thành phố".'),
  nameEn: (s) => s.describe('English name.'),
  kind: (s) => s.describe('city (centrally-run) or province.'),
  validFrom: (s) => s.describe('First day in force.'),
  validTo: z.string().nullable().describe('Last day in force; null while current.'),
  successorCode: z.string().nullable().describe('For a pre-2025 unit: the current unit it is part of; null for current units.'),
}).meta({ id: 'Province', description: 'A provincial unit, dated.' });

const field = createSelectSchema(technologyFields, {
  code: (s) => s.describe('Stable field code, e.g. ENV.WATER.'),
  parentCode: z.string().nullable().describe('The parent field; null at the top level.'),
  depth: (s) => s.describe('0 for a top-level theme, 1 for a sub-field.'),
  labelVi: (s) => s.describe('Vietnamese label.'),
  labelEn: (s) => s.describe('English label.'),
  nationalCode: z.string().nullable().describe('Closest field of the national S&T classification (Decision 12/2008/QĐ-BKHCN), where one fits; null otherwise.'),
  sortOrder: (s) => s.describe('Display order.'),
}).meta({ id: 'TechnologyField', description: 'A technology field of the taxonomy.' });

/** Reference data seeded by migrations: provinces (dated, with successors) and technology fields. */
const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/provinces',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'listProvinces',
        tags: ['reference'],
        summary: 'Provinces: the 34 current units and the 63 before 1 July 2025',
        querystring: z.strictObject({
          scheme: z.enum(['2008', '2025', 'all']).default('all').describe('Which list: 2025 (current), 2008 (until 30 June 2025) or all.'),
          asOf: z.iso.date().optional().describe('Only the units in force on this date.'),
        }),
        response: { 200: z.object({ items: z.array(province).describe('The units, by scheme then code.') }) },
      },
    },
    async (request) => {
      const { scheme, asOf } = request.query;
      const conditions = [];
      if (scheme !== 'all') conditions.push(eq(provinces.scheme, scheme));
      if (asOf) conditions.push(lte(provinces.validFrom, asOf), or(isNull(provinces.validTo), gte(provinces.validTo, asOf)));
      const items = await app.database.db.select().from(provinces).where(and(...conditions)).orderBy(asc(provinces.scheme), asc(provinces.code));
      return { items };
    },
  );

  app.get(
    '/fields',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'listTechnologyFields',
        tags: ['reference'],
        summary: 'Technology fields: a coded, two-level taxonomy',
        response: { 200: z.object({ items: z.array(field).describe('Every field, parents before their children.') }) },
      },
    },
    async () => ({ items: await app.database.db.select().from(technologyFields).orderBy(asc(technologyFields.sortOrder)) }),
  );
};

export default referenceRoutes;
