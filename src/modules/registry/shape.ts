import { z } from 'zod';
import { countryCode, fieldCode, isoDate, localizedText, provinceCode, str, uniqueArray, vnd } from './common.schemas.js';

/**
 * Each resource declares its fields once with these builders. In 'in' mode they validate and
 * normalise request bodies (NFC, caps, codes, integer VND); in 'out' mode they describe the same
 * fields plainly for responses, which zod then serialises as allow-lists.
 */
export type Mode = 'in' | 'out';

/** The response form of multilingual text. */
export const LOCALIZED_OUT = z.object({
  vi: z.string().optional().describe('Vietnamese text.'),
  en: z.string().optional().describe('English text.'),
  ko: z.string().optional().describe('Korean text.'),
});

/** Whether a response field is multilingual text (under optional/default wrappers; describe() clones). */
export function isLocalized(schema: z.ZodType): boolean {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject && Object.keys(s.shape).join() === Object.keys(LOCALIZED_OUT.shape).join();
}

export function builders(mode: Mode) {
  const io = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => (mode === 'in' ? input : output) as I | O;
  const localizedOut = LOCALIZED_OUT;
  return {
    str: (max: number) => io(str(max), z.string()),
    text: (max: number) => io(localizedText(max), localizedOut),
    vnd: () => io(vnd, z.number().int()),
    date: () => io(isoDate, z.string()),
    province: () => io(provinceCode, z.string()),
    field: () => io(fieldCode, z.string()),
    country: () => io(countryCode, z.string()),
    int: (min: number, max: number) => io(z.number().int().min(min).max(max), z.number().int()),
    bool: () => z.boolean(),
    uuid: () => z.uuid(),
    enumOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
    list: <T extends z.ZodType>(item: T, max: number) => io(uniqueArray(item, max), z.array(item)),
    object: <S extends z.ZodRawShape>(shape: S) => (mode === 'in' ? z.strictObject(shape) : z.object(shape)),
  };
}

export type Builders = ReturnType<typeof builders>;
