/**
 * Starts a mediasoup engine with 2 workers on the media port given as argv[2], prints its
 * worker pids as one JSON line, and waits to be killed. Tests SIGKILL this process, as a crashed
 * server would, and check that the workers die with it.
 */
import { createMetricsRegistry, silentLogger } from '../platform/index.js';
import { createMediasoupEngine } from '../sfu/index.js';

const port = Number(process.argv[2]);
if (!Number.isInteger(port)) throw new Error('usage: mediasoupOrphanRunner <port>');
const engine = await createMediasoupEngine(
  { workers: 2, listenIp: '127.0.0.1', port },
  { logger: silentLogger(), registry: createMetricsRegistry({ processMetrics: false }) },
);
process.stdout.write(`${JSON.stringify(engine.instancePids())}\n`);
setInterval(() => undefined, 60_000);
