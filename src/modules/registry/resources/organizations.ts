import { z } from 'zod';
import { organizations } from '../../../db/schema/index.js';
import { ORGANIZATION_KINDS, ORGANIZATION_SIZES, SPOKEN_LANGUAGES } from '../enums.js';
import type { ResourceDefinition } from '../resource.js';
import { builders, type Mode } from '../shape.js';

function shape(mode: Mode) {
  const b = builders(mode);
  return {
    kind: b.enumOf(ORGANIZATION_KINDS).describe('Kind of organisation.'),
    name: b.text(300).describe('Official name.'),
    shortName: b.str(50).optional().describe('Abbreviation, e.g. HUST.'),
    taxCode: z.string().regex(/^\d{10}(-\d{3})?$/).optional().describe('Vietnamese tax code (mã số thuế): 10 digits, or 10 + "-" + 3 for a branch.'),
    foreignRegistrationNo: b.str(50).optional().describe('Registration number of a foreign organisation.'),
    country: b.country().default('VN').describe('Country of registration (ISO alpha-2).'),
    province: b.province().describe('Owning province (two-digit code): where it is registered or the portal that files it.'),
    language: z.enum(['vi', 'en', 'ko']).describe('Original language of the record.'),
    industryCodes: b.list(z.string().regex(/^\d{2,5}$/), 20).default([]).describe('VSIC 2018 industry codes (2–5 digits).'),
    size: b.enumOf(ORGANIZATION_SIZES).optional().describe('Enterprise size.'),
    languages: b.list(b.enumOf(SPOKEN_LANGUAGES), 8).default([]).describe('Languages the organisation works in.'),
    website: z.url({ protocol: /^https?$/ }).max(300).optional().describe('Web site.'),
    contacts: z
      .array(
        b.object({
          name: b.str(200).describe('Contact person.'),
          role: b.str(200).optional().describe('Position.'),
          email: z.email().max(254).optional().describe('E-mail.'),
          phone: z.string().regex(/^\+?[0-9 ().-]{6,30}$/).optional().describe('Phone number.'),
        }),
      )
      .max(10)
      .default([])
      .describe('Contact persons (personal data).'),
  };
}

export const organizationsResource: ResourceDefinition = {
  name: 'organizations',
  singular: 'organization',
  entity: { en: 'Organization', vi: 'tổ chức' },
  tag: { name: 'organizations', description: 'Institutes, universities, enterprises and other organisations' },
  table: organizations,
  shape,
  refine: [],
  lifecycle: false,
  references: [],
  search: { title: ['name', 'shortName'], body: ['taxCode', 'foreignRegistrationNo'] },
  exactFilters: ['kind', 'country'],
  sorts: ['updatedAt', 'createdAt'],
  privateFields: ['contacts'],
};
