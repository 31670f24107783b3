// A program for cluster.test.ts: runClustered (built, from dist) with two workers that misbehave as FIXTURE says:
// `fail-start` (start-up rejects), `die-while-loading` (the worker exits before it reaches runClustered), or
// `serve` (start-up listens on PORT). Log events are printed as JSON lines.
import cluster from 'node:cluster';
import { createServer } from 'node:http';

const fixture = process.env.FIXTURE;
if (!cluster.isPrimary && fixture === 'die-while-loading') process.exit(3);

const { runClustered } = await import('../../dist/serve/cluster.js');
const log = (level) => (message, fields) => console.log(JSON.stringify({ level, message, ...fields }));
await runClustered({
  workers: 2,
  logger: { info: log('info'), warn: log('warn'), error: log('error') },
  shutdownTimeoutMs: 2_000,
  onListening: ({ port }) => console.log(JSON.stringify({ level: 'info', message: 'listening', port })),
  start: async () => {
    if (fixture === 'fail-start') throw new Error('no database (fixture)\n    at a stack line that must not be logged');
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
    process.once('SIGTERM', () => server.close(() => process.exit(0)));
  },
});
