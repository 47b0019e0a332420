// The baseline: a bare Fastify route returning a constant, nothing else.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/constant', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write('listening\n');
