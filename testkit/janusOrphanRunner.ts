/**
 * Starts a media engine on the runtime folder given as argv[2], prints its Janus pids as one
 * JSON line, and waits to be killed. Tests SIGKILL this process, as a crashed server would:
 * with argv[3] = "orphans" the Janus processes are started without the parent-death signal, so
 * they are left behind; otherwise they must die with this process.
 */
import { createMetricsRegistry, silentLogger } from '../platform/index.js';
import { createJanusMediaEngine } from '../sfu/index.js';

const runtimeDir = process.argv[2];
if (!runtimeDir) throw new Error('usage: janusOrphanRunner <runtimeDir>');
const engine = await createJanusMediaEngine(
  { runtimeDir, instances: 2, iceEnforceList: '127.0.0.1', rtpPortRange: [43000, 43199], killWithServer: process.argv[3] !== 'orphans' },
  { logger: silentLogger(), registry: createMetricsRegistry({ processMetrics: false }) },
);
process.stdout.write(`${JSON.stringify(engine.instancePids())}\n`);
setInterval(() => undefined, 60_000);
