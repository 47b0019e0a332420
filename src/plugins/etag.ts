import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';

/**
 * Every successful GET carries an ETag. Records set their own (the version); other reads (lists,
 * reference data) get a weak one from the body, and a matching If-None-Match answers 304.
 */
export default fp(
  async (app) => {
    // A callback hook, not an async one: it runs on every response.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.method !== 'GET' || reply.statusCode !== 200) return done(null, payload);
      let etag = reply.getHeader('etag') as string | undefined;
      // A ready-made body (a Buffer, e.g. a cached record) is conditional only on its own ETag.
      if (!etag) {
        if (typeof payload !== 'string' || request.url.startsWith('/docs')) return done(null, payload);
        etag = `W/"${createHash('sha1').update(payload).digest('base64url')}"`;
        reply.header('etag', etag);
      }
      const match = request.headers['if-none-match'];
      if (match === undefined) return done(null, payload);
      const bare = etag.replace(/^W\//, '');
      if (match.split(',').some((t) => t.trim().replace(/^W\//, '') === bare)) {
        reply.code(304);
        return done(null, '');
      }
      done(null, payload);
    });
  },
  { name: 'etag', dependencies: ['errors'] },
);
