import { z } from 'zod';
import { offers, offersSearch } from '../../../db/schema/index.js';
import { DEAL_TYPES, IP_STATUSES, IP_TYPES, LIFECYCLE, REGULATORY_CLASSES, TRANSFER_FORMS, TRANSFER_METHODS } from '../enums.js';
import { builders, type Mode } from '../shape.js';
import type { ResourceDefinition } from '../resource.js';

function shape(mode: Mode) {
  const b = builders(mode);
  return {
    organizationId: b.uuid().describe('The organisation that offers the technology.'),
    province: b.province().optional().describe("Owning province (two-digit code); defaults to the organisation's."),
    language: z.enum(['vi', 'en', 'ko']).describe('Original language of the record.'),
    title: b.text(300).describe('Name of the technology.'),
    summary: b.text(2000).describe('Short description.'),
    description: b.text(20000).optional().describe('Full technical description.'),
    advantages: b.text(5000).optional().describe('Advantages over alternatives.'),
    applications: b.text(5000).optional().describe('Where it can be applied.'),
    fields: b.list(b.field(), 5).pipe(z.array(z.string()).min(1)).describe('Technology field codes (1–5), most specific first.'),
    keywords: b.list(b.str(60), 20).default([]).describe('Keywords (at most 20).'),
    trl: b.int(1, 9).describe('Technology readiness level, 1–9.'),
    ipRights: z
      .array(
        b.object({
          type: b.enumOf(IP_TYPES).describe('Kind of intellectual property.'),
          status: b.enumOf(IP_STATUSES).describe('Filing status.'),
          number: b.str(50).optional().describe('Application or grant number, e.g. 1-0012345.'),
          jurisdiction: b.str(10).optional().describe('Where it is protected: ISO country code, EP or WO.'),
        }),
      )
      .max(20)
      .default([])
      .describe('Intellectual property rights that protect the technology.'),
    transferForms: b.list(b.enumOf(TRANSFER_FORMS), 7).default([]).describe('Transfer forms (Law on Technology Transfer 2017, Art. 5).'),
    transferMethods: b.list(b.enumOf(TRANSFER_METHODS), 5).default([]).describe('Transfer methods (Art. 6).'),
    dealTypes: b.list(b.enumOf(DEAL_TYPES), 8).default([]).describe('Deal types the owner accepts.'),
    priceMin: b.vnd().optional().describe('Lowest expected price in VND.'),
    priceMax: b.vnd().optional().describe('Highest expected price in VND.'),
    priceNegotiable: b.bool().default(false).describe('Whether the price is open to negotiation.'),
    targetProvinces: b.list(b.province(), 63).default([]).describe('Provinces where the owner wants to transfer (empty: anywhere).'),
    targetCountries: b.list(b.country(), 50).default([]).describe('Countries where the owner wants to transfer (empty: anywhere).'),
    regulatoryClass: b.enumOf(REGULATORY_CLASSES).default('normal').describe('Class under the law: encouraged, normal, restricted or prohibited.'),
    status: b.enumOf(LIFECYCLE).default('draft').describe('Lifecycle status.'),
    validUntil: b.date().optional().describe('Last day the offer is valid; defaults to 12 months after publication, at most 24 months ahead.'),
  };
}

export const offersResource: ResourceDefinition = {
  name: 'offers',
  singular: 'offer',
  entity: { en: 'Offer', vi: 'chào bán công nghệ' },
  tag: { name: 'offers', description: 'Technology offers (cung công nghệ)' },
  table: offers,
  searchTable: offersSearch,
  shape,
  refine: [['priceMin', 'priceMax']],
  lifecycle: true,
  references: [{ key: 'organizationId', resource: 'organizations', required: true }],
  provinceFrom: 'organizationId',
  search: { title: ['title'], body: ['summary', 'description', 'advantages', 'applications', 'keywords'] },
  trlColumn: 'trl',
  moneyColumns: ['priceMin', 'priceMax'],
  sorts: ['updatedAt', 'createdAt', 'trl'],
};
