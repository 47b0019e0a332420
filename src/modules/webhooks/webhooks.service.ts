import { randomUUID } from 'node:crypto';
import { and, arrayContains, desc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { apiClients, webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import type { JobPayload } from '../../jobs/definitions.js';
import type { JobQueue } from '../../jobs/queue.js';
import { owns, type Caller } from '../access/caller.js';
import { isAllowedAddress, literalAddress, systemLookup, type Lookup } from './address.js';
import { BlockedTargetError, checkUrl, newSecret, send } from './send.js';

export const EVENT_TYPES = ['organization.updated', 'offer.updated', 'demand.updated', 'expert.updated', 'import.finished', 'proposal.created', 'proposal.accepted', 'meeting.scheduled', 'meeting.changed', 'outcome.updated', 'outcome.follow_up_due'] as const;
export const DELIVERY_ATTEMPTS = 6;
/** After this many deliveries in a row fail every attempt, the subscription is disabled. */
export const DISABLE_AFTER = 5;
const SUBSCRIPTION = { en: 'Webhook subscription', vi: 'đăng ký webhook' };

export type Event = JobPayload<'webhooks.dispatch'>;

export function createWebhookService(deps: { db: Db; queue?: JobQueue; allowLoopback: boolean; lookup?: Lookup; now?: () => Date }) {
  const { db } = deps;
  const lookup = deps.lookup ?? systemLookup;
  const now = deps.now ?? (() => new Date());
  const refuse = (reason: string) =>
    new AppError('VALIDATION_FAILED', { en: `Webhook URL refused: ${reason}`, vi: `URL webhook bị từ chối: ${reason}` }, {
      code: 'WEBHOOK_URL_REFUSED',
      fields: [{ path: 'body.url', code: 'refused', message: { en: reason, vi: reason } }],
    });

  /** The subscription's client may see the event's record (the same rule as reads). */
  const allowed = (caller: Caller, event: Event) =>
    event.visibility.clientId !== null
      ? caller.clientId === event.visibility.clientId || caller.role === 'ministry'
      : event.visibility.public ||
        (event.visibility.currentProvince !== null && owns(caller, event.visibility.currentProvince)) ||
        (event.visibility.provinces ?? []).some((p) => owns(caller, p));

  return {
    async subscribe(caller: Caller, input: { url: string; eventTypes: string[] }) {
      let url: URL;
      try {
        url = checkUrl(input.url, deps.allowLoopback);
      } catch (err) {
        if (err instanceof BlockedTargetError) throw refuse(err.message);
        throw err;
      }
      if (!literalAddress(url.hostname)) {
        const addresses = await lookup(url.hostname).catch(() => []);
        if (addresses.length === 0) throw refuse(`${url.hostname} does not resolve`);
        const bad = addresses.find((a) => !isAllowedAddress(a.address, deps.allowLoopback));
        if (bad) throw refuse(`${url.hostname} resolves to ${bad.address}, which is not allowed`);
      }
      const secret = newSecret();
      const [row] = await db.insert(webhookSubscriptions).values({ clientId: caller.clientId as string, url: url.toString(), eventTypes: input.eventTypes, secret }).returning();
      return { subscription: row as typeof webhookSubscriptions.$inferSelect, secret };
    },

    async list(caller: Caller) {
      return db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.clientId, caller.clientId as string)).orderBy(desc(webhookSubscriptions.createdAt));
    },

    async own(caller: Caller, id: string) {
      const [row] = await db.select().from(webhookSubscriptions).where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.clientId, caller.clientId as string)));
      if (!row) throw notFound(SUBSCRIPTION, id, 'WEBHOOK_NOT_FOUND');
      return row;
    },

    async remove(caller: Caller, id: string) {
      const row = await this.own(caller, id);
      await db.update(webhookSubscriptions).set({ active: false, disabledAt: now() }).where(eq(webhookSubscriptions.id, row.id));
    },

    async deliveries(caller: Caller, id: string) {
      const row = await this.own(caller, id);
      return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, row.id)).orderBy(desc(webhookDeliveries.createdAt)).limit(100);
    },

    /** Fans out to every active subscription of this type whose client may see the record. */
    async dispatch(event: Event): Promise<number> {
      const subs = await db
        .select({ sub: webhookSubscriptions, client: apiClients })
        .from(webhookSubscriptions)
        .innerJoin(apiClients, eq(apiClients.id, webhookSubscriptions.clientId))
        .where(and(eq(webhookSubscriptions.active, true), arrayContains(webhookSubscriptions.eventTypes, [event.type]), sql`${apiClients.revokedAt} IS NULL`));
      let queued = 0;
      for (const { sub, client } of subs) {
        if (!allowed({ clientId: client.id, name: client.name, role: client.role, provinces: client.provinces }, event)) continue;
        const payload = { id: event.eventId, type: event.type, timestamp: event.occurredAt, data: event.data };
        await db
          .insert(webhookDeliveries)
          .values({ subscriptionId: sub.id, eventId: event.eventId, eventType: event.type, payload, status: 'pending' })
          .onConflictDoNothing();
        // On a rerun of this job the delivery may exist already: queue it again while it is pending
        // (the jobId de-duplicates), so a crash between insert and enqueue loses nothing.
        const [delivery] = await db
          .select({ id: webhookDeliveries.id, status: webhookDeliveries.status })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.subscriptionId, sub.id), eq(webhookDeliveries.eventId, event.eventId)));
        if (!delivery || delivery.status !== 'pending') continue;
        await deps.queue?.add('webhooks.deliver', { deliveryId: delivery.id }, { jobId: `delivery-${delivery.id}`, attempts: DELIVERY_ATTEMPTS });
        queued++;
      }
      return queued;
    },

    /** One attempt; throws to have the queue retry with backoff. */
    async deliver(deliveryId: string, attempt: number, log: Logger): Promise<{ status: string }> {
      const [row] = await db
        .select({ delivery: webhookDeliveries, sub: webhookSubscriptions })
        .from(webhookDeliveries)
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .where(eq(webhookDeliveries.id, deliveryId));
      if (!row || row.delivery.status !== 'pending') return { status: row?.delivery.status ?? 'missing' };
      if (!row.sub.active) {
        await db.update(webhookDeliveries).set({ status: 'failed', lastError: 'subscription disabled' }).where(eq(webhookDeliveries.id, deliveryId));
        return { status: 'failed' };
      }
      let status: number | null = null;
      let error: string | null = null;
      let blocked = false;
      try {
        status = (await send({ url: row.sub.url, secret: row.sub.secret, eventId: row.delivery.eventId, body: JSON.stringify(row.delivery.payload), allowLoopback: deps.allowLoopback, lookup, now })).status;
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        error = (err as Error).message;
        // A target refused by the SSRF guard will not become acceptable by retrying.
        blocked = err instanceof BlockedTargetError || (err as { cause?: unknown }).cause instanceof BlockedTargetError;
      }
      const permanent = error !== null && (attempt >= DELIVERY_ATTEMPTS || blocked);
      await db.transaction(async (tx) => {
        await tx
          .update(webhookDeliveries)
          .set({ attempts: attempt, lastStatusCode: status, lastError: error, ...(error === null ? { status: 'succeeded', deliveredAt: now() } : permanent ? { status: 'failed' } : {}) })
          .where(eq(webhookDeliveries.id, deliveryId));
        if (error === null) await tx.update(webhookSubscriptions).set({ consecutiveFailures: 0 }).where(eq(webhookSubscriptions.id, row.sub.id));
        else if (permanent) {
          await tx
            .update(webhookSubscriptions)
            .set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1`, active: sql`${webhookSubscriptions.consecutiveFailures} + 1 < ${DISABLE_AFTER}`, disabledAt: sql`CASE WHEN ${webhookSubscriptions.consecutiveFailures} + 1 >= ${DISABLE_AFTER} THEN now() ELSE NULL END` })
            .where(eq(webhookSubscriptions.id, row.sub.id));
        }
      });
      if (error === null) return { status: 'succeeded' };
      log.warn({ deliveryId, attempt, error }, 'webhook delivery failed');
      if (permanent) return { status: 'failed' };
      throw new Error(`webhook delivery failed: ${error}`);
    },
  };
}

/** A record event with what dispatch needs to decide who may receive it; never the record's fields. */
export function recordEvent(resource: Exclude<Event['resource'], 'imports' | 'meetings'>, singular: string, row: Record<string, unknown>, action: string, publicRecord: boolean, at: Date): Event {
  return {
    eventId: `evt_${randomUUID()}`,
    type: `${singular}.updated`,
    occurredAt: at.toISOString(),
    resource,
    recordId: row.id as string,
    data: { resource, id: row.id, action, version: row.version, province: row.province, currentProvince: row.currentProvince, url: `/v1/${resource}/${String(row.id)}` },
    visibility: { currentProvince: (row.currentProvince as string) ?? null, public: publicRecord, clientId: null },
  };
}

/** Whether any active subscription wants this event type (lets a producer skip mass events nobody reads). */
export async function hasSubscribers(db: Db, type: string): Promise<boolean> {
  const [row] = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.active, true), arrayContains(webhookSubscriptions.eventTypes, [type])))
    .limit(1);
  return row !== undefined;
}
