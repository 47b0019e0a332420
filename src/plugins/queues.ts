import fp from 'fastify-plugin';
import type { JobQueue } from '../jobs/queue.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Producer side only: the API adds jobs; the worker consumes them. */
    queue: JobQueue;
  }
}

export default fp<{ queue: JobQueue }>(
  async (app, { queue }) => {
    app.decorate('queue', queue);
  },
  { name: 'queues', dependencies: ['errors'] },
);
