import { z } from 'zod';

/** Timestamps travel as ISO 8601 strings with an offset and are Dates inside ketnoi. */
export const isoDateTime = z
  .codec(z.iso.datetime({ offset: true }), z.date(), {
    decode: (value) => new Date(value),
    encode: (date) => date.toISOString(),
  })
  .meta({ format: 'date-time' });
