/**
 * npm run bench:failover -- [--nodes 3] [--students 10]: N nodes behind nginx, a Chromium
 * teacher and students through the balancer, the lesson's owner SIGKILLed; prints
 * {"nodes","students","mediaBackP50Ms","mediaBackMaxMs","lostAttendanceEvents"}.
 * Lives in scripts/ (not bench/) because it runs the multi-service harness of testkit/
 * (PostgreSQL, Redis, nginx, server processes), which bench/ may not import.
 * Every Chromium page shares this machine's cores with the nodes: say so with the figure.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runFailover } from '../testkit/failoverScenario.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '3' }, students: { type: 'string', default: '10' } } });
const nodes = Number(values.nodes);
const students = Number(values.students);
if (!Number.isInteger(nodes) || nodes < 2 || nodes > 9) throw new Error('--nodes: 2 to 9');
if (!Number.isInteger(students) || students < 1 || students > 50) throw new Error('--students: 1 to 50');
const log = (line: string) => process.stderr.write(`[failover] ${line}\n`);
log(`command: npm run bench:failover -- --nodes ${nodes} --students ${students}; CPU: ${cpus()[0]?.model ?? '?'} x${cpus().length}`);
const result = await runFailover({ nodes, students, log });
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
