import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.js';
import { CURRENT_PROVINCE_CODES } from '../reference/reference.lookup.js';
import { createAccessService } from './access.service.js';
import type { ClientRow, KeyRow } from './access.repository.js';

const ministryOnly = { access: { roles: ['ministry'] as const } };

const keySchema = z
  .object({
    id: z.uuid().describe('Key id (to revoke it).'),
    prefix: z.string().describe('The key starts with kn_<prefix>_; the rest is never shown again.'),
    label: z.string().nullable().describe('What the key is for.'),
    createdAt: isoDateTime.describe('When it was created.'),
    lastUsedAt: isoDateTime.nullable().describe('Last use (to the minute).'),
    revokedAt: isoDateTime.nullable().describe('When it was revoked.'),
  })
  .meta({ id: 'ApiKey', description: 'An API key, without its secret.' });

const clientSchema = z
  .object({
    id: z.uuid().describe('Client id.'),
    name: z.string().describe('Who the client is, e.g. "Sở KH&CN Hải Phòng – cổng kết nối".'),
    role: z.enum(['ministry', 'portal', 'reader']).describe('ministry: everything nationwide; portal: its provinces; reader: read-only public data.'),
    provinces: z.array(z.string()).describe('For a portal: the current province codes it serves.'),
    createdAt: isoDateTime.describe('When it was created.'),
    revokedAt: isoDateTime.nullable().describe('When it was revoked (all its keys stop working).'),
    keys: z.array(keySchema).describe('Its keys, active and revoked.'),
  })
  .meta({ id: 'ApiClient', description: 'An API client.' });

const secretSchema = z.string().describe('The API key. Shown once: store it now; only its hash is kept.');

const createBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).describe('Who the client is.'),
    role: z.enum(['ministry', 'portal', 'reader']).describe('The role.'),
    provinces: z
      .array(z.string().refine((c) => CURRENT_PROVINCE_CODES.has(c), { message: 'Not a current province code', params: { vi: 'Không phải mã tỉnh hiện hành' } }))
      .max(34)
      .default([])
      .describe('For a portal: the current (2025) province codes it serves, at least one.'),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'portal' && v.provinces.length === 0) ctx.addIssue({ code: 'custom', path: ['provinces'], message: 'A portal serves at least one province', params: { vi: 'Cổng tỉnh phải phục vụ ít nhất một tỉnh' } });
    if (v.role !== 'portal' && v.provinces.length > 0) ctx.addIssue({ code: 'custom', path: ['provinces'], message: 'Only portals are bound to provinces', params: { vi: 'Chỉ cổng tỉnh mới gắn với tỉnh' } });
  });

const view = (client: ClientRow, keys: KeyRow[]) => ({
  id: client.id,
  name: client.name,
  role: client.role,
  provinces: client.provinces,
  createdAt: client.createdAt,
  revokedAt: client.revokedAt,
  keys: keys.map((k) => ({ id: k.id, prefix: k.prefix, label: k.label, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt })),
});

/** /v1/admin/clients: the ministry manages API clients and their keys. */
const clientRoutes: FastifyPluginAsyncZod = async (app) => {
  const access = createAccessService({ db: app.database.db });
  const idParams = z.object({ id: z.uuid().describe('Client id.') });
  const tags = ['admin'];

  app.post(
    '/',
    {
      config: ministryOnly,
      schema: {
        operationId: 'createApiClient',
        tags,
        summary: 'Create an API client and its first key',
        body: createBody,
        response: { 201: z.object({ client: clientSchema, key: secretSchema }) },
      },
    },
    async (request, reply) => {
      const { client, key, secret } = await access.createClient(request.body);
      return reply.code(201).header('location', `/v1/admin/clients/${client.id}`).send({ client: view(client, [key]), key: secret });
    },
  );

  app.get(
    '/',
    { config: ministryOnly, schema: { operationId: 'listApiClients', tags, summary: 'List API clients', response: { 200: z.object({ items: z.array(clientSchema).describe('Every client.') }) } } },
    async () => ({ items: (await access.clients()).map(({ client, keys }) => view(client, keys)) }),
  );

  app.get(
    '/:id',
    { config: ministryOnly, schema: { operationId: 'getApiClient', tags, summary: 'Read an API client', params: idParams, response: { 200: clientSchema } } },
    async (request) => {
      const { client, keys } = await access.client(request.params.id);
      return view(client, keys);
    },
  );

  app.post(
    '/:id/keys',
    {
      config: ministryOnly,
      schema: {
        operationId: 'addApiKey',
        tags,
        summary: 'Add a key (rotation: at most two active)',
        params: idParams,
        body: z.strictObject({ label: z.string().trim().max(200).optional().describe('What the key is for.') }).optional(),
        response: { 201: z.object({ key: secretSchema, id: z.uuid().describe('Key id.') }) },
      },
    },
    async (request, reply) => {
      const { key, secret } = await access.addKey(request.params.id, request.body?.label);
      return reply.code(201).send({ key: secret, id: key.id });
    },
  );

  app.delete(
    '/:id/keys/:keyId',
    {
      config: ministryOnly,
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke a key',
        params: idParams.extend({ keyId: z.uuid().describe('Key id.') }),
        response: { 204: z.null().describe('Revoked') },
      },
    },
    async (request, reply) => {
      await access.revokeKey(request.params.id, request.params.keyId);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/:id',
    { config: ministryOnly, schema: { operationId: 'revokeApiClient', tags, summary: 'Revoke a client and all its keys', params: idParams, response: { 204: z.null().describe('Revoked') } } },
    async (request, reply) => {
      await access.revokeClient(request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default clientRoutes;
