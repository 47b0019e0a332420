import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: { draining: boolean };
  }
}

/**
 * Shutdown state. Once draining, readiness answers 503 and new requests get a 503 problem with
 * `Connection: close`, while requests already in flight finish.
 */
export default fp(
  async (app) => {
    app.decorate('lifecycle', { draining: false });
    // A callback hook, not an async one: it runs on every request and almost always passes.
    app.addHook('onRequest', (request, reply, done) => {
      if (!app.lifecycle.draining || request.routeOptions.url === '/health/live') return done();
      reply.header('connection', 'close');
      reply.problem('SERVICE_UNAVAILABLE', {
        detail: { en: 'The server is shutting down', vi: 'Máy chủ đang dừng' },
        headers: { 'retry-after': '5' },
      });
    });
  },
  { name: 'lifecycle', dependencies: ['errors'] },
);
