import { z } from 'zod';
import { isoDate, provinceCode } from '../registry/common.schemas.js';
import { DIMENSIONS, type Dimension } from './stats.repository.js';

const bilingual = (en: string, vi: string) => ({ message: en, params: { vi } });

export const statsQuerySchema = z.strictObject({
  groupBy: z
    .string()
    .max(100)
    .default('')
    .transform((s, ctx) => {
      const parts = s.split(',').map((p) => p.trim()).filter((p) => p !== '');
      const bad = parts.find((p) => !(DIMENSIONS as readonly string[]).includes(p));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', ...bilingual(`Unknown grouping "${bad}": use province, field, period, event or connectionPoint`, `Cách nhóm "${bad}" không hợp lệ: dùng province, field, period, event hoặc connectionPoint`) });
        return z.NEVER;
      }
      if (new Set(parts).size !== parts.length) {
        ctx.addIssue({ code: 'custom', ...bilingual('Each grouping at most once', 'Mỗi cách nhóm chỉ được dùng một lần') });
        return z.NEVER;
      }
      return parts as Dimension[];
    })
    .describe('Comma-separated groupings, any of province, field, period, event, connectionPoint (e.g. "province,period"); empty: totals only.'),
  provinceMode: z.enum(['current', 'recorded']).default('current').describe('current: pre-2025 codes roll up to the 34 current units (a merged province includes its predecessors); recorded: as each record was filed.'),
  period: z.enum(['month', 'quarter', 'year']).default('year').describe('Length of a period when grouping by period (dates in Asia/Ho_Chi_Minh).'),
  from: isoDate.optional().describe('Only what happened on or after this date (YYYY-MM-DD).'),
  to: isoDate.optional().describe('Only what happened on or before this date (YYYY-MM-DD).'),
  province: provinceCode.optional().describe("Only figures touching this province (rolled up to its current unit); a portal may name only its own."),
  format: z.enum(['json', 'xlsx']).default('json').describe('json, or xlsx: the same tables as a spreadsheet with Vietnamese headers (sheets "Thống kê" and "Toàn quốc").'),
});

const count = (what: string) => z.number().int().describe(what);
const rate = (what: string) => z.number().nullable().describe(`${what} (0–1, four decimals); null when the denominator is 0.`);

export const ratesSchema = z
  .object({
    mutualAcceptance: rate('Proposals mutually accepted ÷ proposals'),
    scheduledPerAccepted: rate('Meetings scheduled ÷ proposals mutually accepted'),
    meetingHeld: rate('Meetings held ÷ meetings scheduled'),
    noShow: rate('No-shows ÷ meetings scheduled'),
    mouPerHeldMeeting: rate('MoUs ÷ meetings held'),
    contractPerMou: rate('Contracts ÷ MoUs'),
    contractPerHeldMeeting: rate('Contracts ÷ meetings held'),
  })
  .describe('Funnel rates between the stages.');

export const statsGroupSchema = z
  .object({
    province: z.string().nullable().optional().describe('Province code (current or as recorded, per provinceMode); present when grouped by province.'),
    provinceName: z.string().nullable().optional().describe('Vietnamese name of the province.'),
    field: z.string().nullable().optional().describe('Top-level technology field code; null: records without a field. Present when grouped by field.'),
    fieldLabel: z.object({ vi: z.string().describe('Vietnamese.'), en: z.string().describe('English.') }).nullable().optional().describe('Label of the field.'),
    period: z.string().nullable().optional().describe('2026, 2026-Q2 or 2026-05; present when grouped by period.'),
    eventId: z.string().nullable().optional().describe('Event id; null: not linked to an event. Present when grouped by event.'),
    eventName: z.string().nullable().optional().describe('Name of the event.'),
    connectionPoint: z.string().nullable().optional().describe('Connection point (the source system records came through); null: entered directly. Present when grouped by connectionPoint.'),
    demands: count('Technology demands received.'),
    offers: count('Technology offers (supply sources).'),
    supplyOrganizations: count('Organisations with at least one offer.'),
    experts: count('Expert profiles.'),
    proposals: count('Proposals made by the matcher.'),
    mutuallyAccepted: count('Proposals accepted by both sides.'),
    meetingsScheduled: count('Meetings of a published schedule (confirmed, held or no-show).'),
    meetingsHeld: count('Meetings held.'),
    noShows: count('Meetings a side did not attend.'),
    mous: count('Outcomes that reached an MoU (or a later stage).'),
    contracts: count('Outcomes that reached a signed contract (or a later stage).'),
    contractValueVnd: z.number().int().describe('Total value of those contracts, VND.'),
    rates: ratesSchema,
  })
  .meta({ id: 'StatsGroup', description: 'Figures of one group.' });

export const statsSchema = z
  .object({
    groupBy: z.array(z.enum(DIMENSIONS)).describe('The groupings.'),
    provinceMode: z.enum(['current', 'recorded']).describe('How provinces are counted.'),
    period: z.enum(['month', 'quarter', 'year']).describe('Period length.'),
    from: z.string().nullable().describe('From date, if given.'),
    to: z.string().nullable().describe('To date, if given.'),
    provinces: z.array(z.string()).nullable().describe('The current provinces the rows cover; null: nationwide.'),
    rows: z.array(statsGroupSchema).describe("The caller's figures (a portal: its own provinces) per group."),
    national: z.array(statsGroupSchema).describe('National figures, grouped the same way except by province.'),
  })
  .meta({ id: 'Stats', description: 'Programme statistics.' });
