import { z } from 'zod';
import { demands, demandsSearch } from '../../../db/schema/index.js';
import { DEAL_TYPES, FUNDING_SOURCES, LIFECYCLE, ORIGIN_PREFERENCES, TRANSFER_METHODS, URGENCY } from '../enums.js';
import type { ResourceDefinition } from '../resource.js';
import { builders, type Mode } from '../shape.js';

function shape(mode: Mode) {
  const b = builders(mode);
  return {
    organizationId: b.uuid().describe('The enterprise that has the need.'),
    province: b.province().describe('Province where the technology will be deployed (two-digit code); the owning province.'),
    language: z.enum(['vi', 'en', 'ko']).describe('Original language of the record.'),
    title: b.text(300).describe('What is needed, in one line.'),
    problem: b.text(5000).describe('The problem to solve.'),
    currentProcess: b.text(5000).optional().describe('How it is done today.'),
    requiredResult: b.text(5000).optional().describe('The result that would count as solved.'),
    constraints: b.text(5000).optional().describe('Constraints: space, staff, standards, timing.'),
    fields: b.list(b.field(), 5).pipe(z.array(z.string()).min(1)).describe('Technology field codes (1–5).'),
    keywords: b.list(b.str(60), 20).default([]).describe('Keywords (at most 20).'),
    minTrl: b.int(1, 9).optional().describe('Lowest acceptable technology readiness level.'),
    dealTypes: b.list(b.enumOf(DEAL_TYPES), 8).default([]).describe('Deal types the enterprise accepts.'),
    transferMethods: b.list(b.enumOf(TRANSFER_METHODS), 5).default([]).describe('Transfer methods wanted (Law on Technology Transfer 2017, Art. 6).'),
    originPreference: b.enumOf(ORIGIN_PREFERENCES).default('any').describe('Domestic, foreign or any technology.'),
    budgetMin: b.vnd().optional().describe('Lowest budget in VND.'),
    budgetMax: b.vnd().optional().describe('Highest budget in VND.'),
    fundingSources: b.list(b.enumOf(FUNDING_SOURCES), 6).default([]).describe('Where the money comes from.'),
    neededBy: b.date().optional().describe('When the solution is needed.'),
    urgency: b.enumOf(URGENCY).default('medium').describe('How urgent.'),
    status: b.enumOf(LIFECYCLE).default('draft').describe('Lifecycle status.'),
    validUntil: b.date().optional().describe('Last day the demand is valid; defaults to 12 months ahead, at most 24.'),
  };
}

export const demandsResource: ResourceDefinition = {
  name: 'demands',
  singular: 'demand',
  entity: { en: 'Demand', vi: 'nhu cầu công nghệ' },
  tag: { name: 'demands', description: 'Enterprise technology demands (cầu công nghệ)' },
  table: demands,
  searchTable: demandsSearch,
  shape,
  refine: [['budgetMin', 'budgetMax']],
  lifecycle: true,
  references: [{ key: 'organizationId', resource: 'organizations', required: true }],
  search: { title: ['title'], body: ['problem', 'currentProcess', 'requiredResult', 'constraints', 'keywords'] },
  trlColumn: 'minTrl',
  moneyColumns: ['budgetMin', 'budgetMax'],
  // Not minTrl: it may be null, and a keyset cursor cannot step over NULLs.
  sorts: ['updatedAt', 'createdAt'],
};
