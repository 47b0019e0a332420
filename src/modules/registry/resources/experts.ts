import { z } from 'zod';
import { experts } from '../../../db/schema/index.js';
import { ACADEMIC_TITLES, EXPERT_ROLES, LANGUAGE_LEVELS, SPOKEN_LANGUAGES } from '../enums.js';
import type { ResourceDefinition } from '../resource.js';
import { builders, type Mode } from '../shape.js';

function shape(mode: Mode) {
  const b = builders(mode);
  return {
    fullName: b.str(200).describe('Full name (personal data).'),
    academicTitle: b.enumOf(ACADEMIC_TITLES).optional().describe('Academic title or degree.'),
    affiliationId: b.uuid().optional().describe('Organisation the expert works for.'),
    province: b.province().describe('Owning province (two-digit code).'),
    language: z.enum(['vi', 'en', 'ko']).describe('Original language of the record.'),
    bio: b.text(5000).optional().describe('Short professional profile.'),
    fields: b.list(b.field(), 8).pipe(z.array(z.string()).min(1)).describe('Fields of expertise (1–8).'),
    keywords: b.list(b.str(60), 30).default([]).describe('Keywords (at most 30).'),
    roles: b.list(b.enumOf(EXPERT_ROLES), 7).default([]).describe('What the expert can do in a connection.'),
    languages: z
      .array(b.object({ code: b.enumOf(SPOKEN_LANGUAGES).describe('Language.'), level: b.enumOf(LANGUAGE_LEVELS).describe('Level.') }))
      .max(8)
      .default([])
      .describe('Languages spoken, with level.'),
    maxMeetingsPerEvent: b.int(1, 40).default(10).describe('Most meetings the expert takes at one event.'),
    conflictOrganizationIds: b.list(b.uuid(), 50).default([]).describe('Organisations the expert has a conflict of interest with.'),
    email: z.email().max(254).optional().describe('E-mail (personal data).'),
    phone: z.string().regex(/^\+?[0-9 ().-]{6,30}$/).optional().describe('Phone (personal data).'),
  };
}

export const expertsResource: ResourceDefinition = {
  name: 'experts',
  singular: 'expert',
  entity: { en: 'Expert', vi: 'chuyên gia' },
  tag: { name: 'experts', description: 'Expert profiles (chuyên gia)' },
  table: experts,
  shape,
  refine: [],
  lifecycle: false,
  references: [
    { key: 'affiliationId', resource: 'organizations', required: false },
    { key: 'conflictOrganizationIds', resource: 'organizations', required: false, many: true },
  ],
  search: { title: ['fullName'], body: ['bio', 'keywords'] },
  sorts: ['updatedAt', 'createdAt'],
  privateFields: ['email', 'phone'],
};
