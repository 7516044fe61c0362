/**
 * Starts a media engine on the runtime folder given as argv[2], prints its Janus pids as one
 * JSON line, and waits to be killed. Tests SIGKILL this process to leave orphaned Janus
 * processes behind, as a crashed server would.
 */
import { createMetricsRegistry, silentLogger } from '../platform/index.js';
import { createJanusMediaEngine } from '../sfu/index.js';

const runtimeDir = process.argv[2];
if (!runtimeDir) throw new Error('usage: janusOrphanRunner <runtimeDir>');
const engine = await createJanusMediaEngine(
  { runtimeDir, instances: 2, iceEnforceList: '127.0.0.1', rtpPortRange: [43000, 43199] },
  { logger: silentLogger(), registry: createMetricsRegistry({ processMetrics: false }) },
);
process.stdout.write(`${JSON.stringify(engine.instancePids())}\n`);
setInterval(() => undefined, 60_000);
