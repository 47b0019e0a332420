import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { DOCUMENT_KINDS, OUTCOME_SIDES, OUTCOME_STAGES, outcomes, outcomeStageHistory } from '../../db/schema/index.js';
import { isoDateTime } from '../../http/schemas.js';
import { DEAL_TYPES, TRANSFER_FORMS, TRANSFER_METHODS } from '../registry/enums.js';
import { isoDate, provinceCode, str, uniqueArray, vnd } from '../registry/common.schemas.js';

const bilingual = (en: string, vi: string) => ({ message: en, params: { vi } });

const stage = z
  .enum(OUTCOME_STAGES)
  .describe('follow_up → nda → mou → contract_signed → contract_registered → implemented (forward only, steps may be skipped); abandoned ends the deal from any stage before implemented.');
const dealType = z.enum(DEAL_TYPES).describe('Deal type: licence_exclusive, licence_non_exclusive, sale, joint_venture, rd_cooperation, technical_assistance, equipment_supply or consulting.');
const transferForms = uniqueArray(z.enum(TRANSFER_FORMS), TRANSFER_FORMS.length).describe(
  'Transfer forms, Law on Technology Transfer 2017 Art. 5: independent_contract, investment_project, capital_contribution, franchising, ip_transfer, equipment_sale, other.',
);
const transferMethods = uniqueArray(z.enum(TRANSFER_METHODS), TRANSFER_METHODS.length).describe(
  'Transfer methods, Law on Technology Transfer 2017 Art. 6: documents, training, expert_assistance, equipment, other.',
);

const documentIn = z
  .strictObject({
    kind: z.enum(DOCUMENT_KINDS).describe('nda, mou, contract, registration_certificate, minutes, acceptance_record or other.'),
    title: str(300).describe('Title of the document, e.g. "Hợp đồng chuyển giao công nghệ số 12/2026/HĐCGCN".'),
    reference: str(200).optional().describe('Number or reference of the document (e.g. the certificate number of a registered contract).'),
    url: z
      .string()
      .max(1000)
      .regex(/^https:\/\/[^\s]+$/, bilingual('An https URL', 'Một URL https'))
      .optional()
      .describe('Where the document is kept (https); the ledger stores references, never the document.'),
    date: isoDate.optional().describe('Date of the document, YYYY-MM-DD.'),
  })
  .describe('A reference to a document.');
const documents = z.array(documentIn).max(50).describe('Documents (references), at most 50.');

export const outcomeCreateSchema = z
  .strictObject({
    proposalId: z.uuid().optional().describe('The proposal the deal came from (fills offerId and demandId).'),
    meetingId: z.uuid().optional().describe('The held meeting the deal came from (fills the event, the two organisations and, when the meeting came from a proposal, the proposal).'),
    offerId: z.uuid().optional().describe('The offer (fills the supplier).'),
    demandId: z.uuid().optional().describe('The demand (fills the enterprise).'),
    supplyOrganizationId: z.uuid().optional().describe('The supplier; required when no link above names it.'),
    demandOrganizationId: z.uuid().optional().describe('The enterprise; required when no link above names it.'),
    reportedSide: z.enum(OUTCOME_SIDES).optional().describe("Which side's portal reports it; a portal must own that side (default: the side it owns, the demand side when both)."),
    stage: stage.default('follow_up'),
    stageDate: isoDate.optional().describe('Date the current stage was reached (default: today).'),
    dealType: dealType.optional(),
    transferForms: transferForms.default([]),
    transferMethods: transferMethods.default([]),
    valueVnd: vnd.optional().describe('Value of the deal in VND: a JSON integer or a string of digits.'),
    documents: documents.default([]),
    note: str(2000).optional().describe('Free note.'),
  })
  .meta({ id: 'OutcomeCreate', description: 'A new outcome: at least one of proposalId, meetingId, offerId, demandId or both organisations.' });

export const outcomePatchSchema = z
  .strictObject({
    stage: stage.optional(),
    stageDate: isoDate.optional().describe('Date the (new) stage was reached (default with a stage change: today).'),
    dealType: z.enum(DEAL_TYPES).nullable().optional().describe('Deal type; null clears it.'),
    transferForms: transferForms.optional(),
    transferMethods: transferMethods.optional(),
    valueVnd: vnd.nullable().optional().describe('Value of the deal in VND; null clears it.'),
    documents: documents.optional(),
    note: str(2000).nullable().optional().describe('Free note; null clears it.'),
  })
  .meta({ id: 'OutcomePatch', description: 'Fields to change; requires If-Match. A change to the stage, value or documents clears the verification.' });

const documentOut = z
  .object({
    kind: z.enum(DOCUMENT_KINDS).describe('Kind of document.'),
    title: z.string().describe('Title.'),
    reference: z.string().nullable().describe('Number or reference.'),
    url: z.string().nullable().describe('Where it is kept.'),
    date: z.string().nullable().describe('Date, YYYY-MM-DD.'),
  })
  .describe('A reference to a document.');

const outcomeRow = createSelectSchema(outcomes, {
  id: (s) => s.describe('Outcome id.'),
  supplyOrganizationId: (s) => s.describe('The supplier.'),
  demandOrganizationId: (s) => s.describe('The enterprise.'),
  supplyProvince: (s) => s.describe("The supplier's province as recorded."),
  supplyCurrentProvince: (s) => s.describe("The supplier's current (2025) province."),
  demandProvince: (s) => s.describe("The enterprise's province as recorded."),
  demandCurrentProvince: (s) => s.describe("The enterprise's current (2025) province."),
  fields: () => z.array(z.string()).describe('Technology fields (of the offer, else the demand).'),
  stage: () => z.enum(OUTCOME_STAGES).describe('Current stage.'),
  stageDate: (s) => s.describe('Date the current stage was reached.'),
  furthestStage: () => z.enum(OUTCOME_STAGES).describe('Furthest stage reached before any abandonment (what statistics count).'),
  transferForms: () => z.array(z.enum(TRANSFER_FORMS)).describe('Transfer forms (Law 07/2017/QH14, Art. 5).'),
  transferMethods: () => z.array(z.enum(TRANSFER_METHODS)).describe('Transfer methods (Law 07/2017/QH14, Art. 6).'),
  documents: () => z.array(documentOut).describe('Documents (references).'),
  reportedByName: (s) => s.describe('Who reported it (API client name).'),
  verifiedAt: isoDateTime.nullable().describe('When the ministry verified it; null: not (or no longer) verified.'),
  version: (s) => s.describe('Changes with every update; the ETag.'),
  createdAt: isoDateTime.describe('Reported at.'),
  updatedAt: isoDateTime.describe('Last changed.'),
}).extend({
  // Nullable columns: drizzle-zod would wrap an override in a second nullable, hiding its description.
  proposalId: z.uuid().nullable().describe('The proposal it came from.'),
  meetingId: z.uuid().nullable().describe('The meeting it came from.'),
  eventId: z.uuid().nullable().describe("The meeting's event."),
  offerId: z.uuid().nullable().describe('The offer.'),
  demandId: z.uuid().nullable().describe('The demand.'),
  connectionPoint: z.string().nullable().describe('The connection point (source system) the demand, else the offer, came through.'),
  mouOn: z.string().nullable().describe('Date an MoU (or a later stage) was first reached.'),
  contractOn: z.string().nullable().describe('Date a contract was first signed (or a later stage reached).'),
  dealType: z.enum(DEAL_TYPES).nullable().describe('Deal type; null: not given.'),
  valueVnd: z.number().int().nullable().describe('Value in VND.'),
  note: z.string().nullable().describe('Free note.'),
  reportedSide: z.enum(OUTCOME_SIDES).nullable().describe('The side whose portal reported it (null: the ministry).'),
  verifiedByName: z.string().nullable().describe('Who verified it.'),
});

export const outcomeSchema = outcomeRow
  .omit({ archivedAt: true, reportedByClientId: true, verifiedByClientId: true })
  .meta({ id: 'Outcome', description: 'What followed a connection: a deal between a supplier and an enterprise, and how far it got.' });

export const historySchema = createSelectSchema(outcomeStageHistory, {
  id: (s) => s.describe('History entry id.'),
  outcomeId: (s) => s.describe('The outcome.'),
  toStage: () => z.enum(OUTCOME_STAGES).describe('Stage after.'),
  stageDate: (s) => s.describe('Date the stage was reached.'),
  clientName: (s) => s.describe('Who made the change.'),
  changedAt: isoDateTime.describe('When it was recorded.'),
})
  .extend({
    fromStage: z.enum(OUTCOME_STAGES).nullable().describe('Stage before (null: the first report).'),
      valueVnd: z.number().int().nullable().describe('Value in VND at that point.'),
  note: z.string().nullable().describe('Note.'),
  })
  .omit({ clientId: true })
  .meta({ id: 'OutcomeStageChange', description: 'One stage change of an outcome.' });

export const outcomeQuerySchema = z.strictObject({
  stage: z.enum(OUTCOME_STAGES).optional().describe('Only outcomes at this stage.'),
  province: provinceCode.optional().describe('Only outcomes with a side in this province (pre-2025 codes roll up to their current unit).'),
  eventId: z.uuid().optional().describe('Only outcomes of meetings at this event.'),
  proposalId: z.uuid().optional().describe('Only outcomes of this proposal.'),
  meetingId: z.uuid().optional().describe('Only the outcome of this meeting.'),
  verified: z.enum(['true', 'false']).optional().describe('true: only verified outcomes; false: only those awaiting verification.'),
  stageDateFrom: isoDate.optional().describe('Only outcomes whose current stage was reached on or after this date.'),
  stageDateTo: isoDate.optional().describe('Only outcomes whose current stage was reached on or before this date.'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100.'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page; only valid with the same filters.'),
});

export const idParams = z.object({ id: z.uuid().describe('Outcome id.') });
export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({ items: z.array(item).describe('This page.'), nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.') })
    .meta({ id, description: 'A page of results.' });
