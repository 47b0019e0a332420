import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { polishOpenapi } from '../http/openapi.js';
import { API_VERSION } from '../version.js';

export const openapiInfo = {
  title: 'ketnoi API',
  version: API_VERSION,
  description:
    'Technology supply–demand matchmaking for Vietnam\'s science and technology system: technology offers, ' +
    'enterprise demands, expert profiles, scored matching and 1:1 meeting schedules.\n\n' +
    'Kết nối cung – cầu công nghệ: chào bán công nghệ, nhu cầu công nghệ của doanh nghiệp, chuyên gia, ' +
    'gợi ý kết nối và lịch gặp 1:1.\n\n' +
    'Errors are RFC 9457 `application/problem+json`; send `Accept-Language: vi` for Vietnamese messages.',
};

/**
 * OpenAPI 3.1 generated from the route schemas (zod → JSON Schema), served at /openapi.json with
 * Swagger UI at /docs. The same document is committed as openapi/openapi.json and checked.
 */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: openapiInfo,
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key (kn_…). Click Authorize and paste it. The embedded default prints a local ministry key on its first start.',
            },
          },
        },
        tags: [
          { name: 'health', description: 'Liveness and readiness probes' },
          { name: 'organizations', description: 'Institutes, universities, enterprises and other organisations (tổ chức)' },
          { name: 'offers', description: 'Technology offers (cung công nghệ)' },
          { name: 'demands', description: 'Enterprise technology demands (cầu công nghệ)' },
          { name: 'experts', description: 'Expert profiles (chuyên gia)' },
          { name: 'webhooks', description: 'Signed event notifications to portals' },
          { name: 'imports', description: 'Bulk import from CSV or XLSX (offers, demands, experts, organisations)' },
          { name: 'reference', description: 'Provinces (before and after the 2025 reform) and technology fields' },
          { name: 'system', description: 'Service and worker status' },
          { name: 'admin', description: 'API clients and keys (ministry only)' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: (document) => polishOpenapi(jsonSchemaTransformObject(document)),
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { deepLinking: true, persistAuthorization: true, displayRequestDuration: true, tryItOutEnabled: true },
      staticCSP: true,
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger', dependencies: ['errors'] },
);
