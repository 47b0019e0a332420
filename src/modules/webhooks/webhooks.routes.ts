import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.js';
import { callerOf } from '../../plugins/auth.js';
import { createWebhookService, DELIVERY_ATTEMPTS, DISABLE_AFTER, EVENT_TYPES } from './webhooks.service.js';

const subscriptionSchema = z
  .object({
    id: z.uuid().describe('Subscription id.'),
    url: z.string().describe('Where events are POSTed (https).'),
    eventTypes: z.array(z.string()).describe('Event types delivered.'),
    active: z.boolean().describe(`False once deleted, or after ${DISABLE_AFTER} deliveries in a row failed every attempt.`),
    consecutiveFailures: z.number().int().describe('Deliveries in a row that failed every attempt.'),
    disabledAt: isoDateTime.nullable().describe('When it stopped.'),
    createdAt: isoDateTime.describe('When it was created.'),
  })
  .meta({ id: 'WebhookSubscription', description: 'Where and which events a client receives.' });

const deliverySchema = z
  .object({
    id: z.uuid().describe('Delivery id.'),
    eventId: z.string().describe('The event id (the webhook-id header).'),
    eventType: z.string().describe('Event type.'),
    status: z.enum(['pending', 'succeeded', 'failed']).describe('Delivery state.'),
    attempts: z.number().int().describe(`Attempts so far (at most ${DELIVERY_ATTEMPTS}, with exponential backoff).`),
    lastStatusCode: z.number().int().nullable().describe('HTTP status of the last attempt.'),
    lastError: z.string().nullable().describe('Why the last attempt failed.'),
    createdAt: isoDateTime.describe('When the event was queued.'),
    deliveredAt: isoDateTime.nullable().describe('When it was delivered.'),
  })
  .meta({ id: 'WebhookDelivery', description: 'One event sent to one subscription.' });

const view = ({ secret: _s, clientId: _c, ...rest }: { secret: string; clientId: string } & z.output<typeof subscriptionSchema>) => rest;

/** /v1/webhooks: a client's subscriptions, signed per the Standard Webhooks spec. */
const webhookRoutes: FastifyPluginAsyncZod<{ allowLoopback: boolean }> = async (app, { allowLoopback }) => {
  const service = createWebhookService({ db: app.database.db, allowLoopback });
  const tags = ['webhooks'];
  const writers = { access: { roles: ['ministry', 'portal'] as const } };
  const idParams = z.object({ id: z.uuid().describe('Subscription id.') });

  app.post(
    '/',
    {
      config: writers,
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Subscribe to events',
        description:
          'Events are POSTed as JSON with webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks: v1, base64 HMAC-SHA256 of "id.timestamp.body" with the secret). They carry ids, not record fields: fetch the record with your key. Only events about records your client may see are sent. https only; private, loopback, link-local and metadata addresses are refused, at registration and at send time. Redirects are not followed.',
        body: z.strictObject({
          url: z.string().max(2000).describe('https URL of the receiver.'),
          eventTypes: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length).describe('Events to receive.'),
        }),
        response: { 201: z.object({ subscription: subscriptionSchema, secret: z.string().describe('The signing secret (whsec_…), shown once.') }) },
      },
    },
    async (request, reply) => {
      const { subscription, secret } = await service.subscribe(callerOf(request), request.body);
      return reply.code(201).header('location', `/v1/webhooks/${subscription.id}`).send({ subscription: view(subscription), secret });
    },
  );

  app.get(
    '/',
    { config: writers, schema: { operationId: 'listWebhooks', tags, summary: 'Your subscriptions', response: { 200: z.object({ items: z.array(subscriptionSchema).describe('Newest first.') }) } } },
    async (request) => ({ items: (await service.list(callerOf(request))).map(view) }),
  );

  app.delete(
    '/:id',
    { config: writers, schema: { operationId: 'deleteWebhook', tags, summary: 'Stop a subscription', params: idParams, response: { 204: z.null().describe('Stopped') } } },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:id/deliveries',
    {
      config: writers,
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'The delivery log of a subscription (last 100)',
        params: idParams,
        response: { 200: z.object({ items: z.array(deliverySchema).describe('Newest first.') }) },
      },
    },
    async (request) => ({ items: await service.deliveries(callerOf(request), request.params.id) }),
  );
};

export default webhookRoutes;
