import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamptz } from '../columns.js';

/** A client's subscription: where to send which events, and the secret that signs them. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    clientId: uuid().notNull(),
    url: text().notNull(),
    eventTypes: text().array().notNull().default(sql`'{}'::text[]`),
    /** The signing secret (whsec_…); the server must keep it to sign, so it is stored as is. */
    secret: text().notNull(),
    active: boolean().notNull().default(true),
    consecutiveFailures: integer().notNull().default(0),
    disabledAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index('webhook_subscriptions_client_idx').on(t.clientId)],
);

/** One event to one subscription: the delivery log. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    subscriptionId: uuid()
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventId: text().notNull(),
    eventType: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    attempts: integer().notNull().default(0),
    lastStatusCode: integer(),
    lastError: text(),
    createdAt: timestamptz().notNull().defaultNow(),
    deliveredAt: timestamptz(),
  },
  (t) => [uniqueIndex('webhook_deliveries_event_key').on(t.subscriptionId, t.eventId), index('webhook_deliveries_sub_idx').on(t.subscriptionId, t.createdAt)],
);
