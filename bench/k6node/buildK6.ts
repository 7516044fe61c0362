/**
 * `npm run bench:k6:build`: type-checks the k6 scenarios (bench/k6/tsconfig.json: k6 types, no
 * Node types), bundles each bench/k6/scenarios/*.ts into bench/k6/dist/<name>.js for real k6
 * (ES modules, k6/* imports left to k6, everything else inlined, syntax lowered to ES2017), and
 * checks that each bundle runs its init code in a sandbox that has only what k6's runtime has
 * (no Buffer, process, require, global, setTimeout...), plus a protobuf round trip there.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildK6Bundle, checkInK6Sandbox, K6_DIR, REPO } from './k6bundle.js';

const log = (s: string) => process.stderr.write(`[k6:build] ${s}\n`);

async function main(): Promise<void> {
  const tsc = spawnSync(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', join(K6_DIR, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('type check of bench/k6 failed');
  log('type check ok (bench/k6/tsconfig.json)');
  const outDir = join(K6_DIR, 'dist');
  mkdirSync(outDir, { recursive: true });
  const scenarios = readdirSync(join(K6_DIR, 'scenarios')).filter((f) => f.endsWith('.ts'));
  for (const f of scenarios) {
    const src = join(K6_DIR, 'scenarios', f);
    const out = join(outDir, f.replace(/\.ts$/, '.js'));
    await buildK6Bundle(src, out);
    const problems = await checkInK6Sandbox(src);
    if (problems.length > 0) throw new Error(`${f} would not run in k6:\n  ${problems.join('\n  ')}`);
    log(`${relative(REPO, out)} (${Math.round(statSync(out).size / 1024)} KiB): init code ran in a k6-like sandbox`);
  }
  const codec = await checkInK6Sandbox(join(K6_DIR, 'lib', 'codec.ts'), true);
  if (codec.length > 0) throw new Error(`the protobuf codec would not run in k6:\n  ${codec.join('\n  ')}`);
  log('protobuf codec: JoinRequest round trip ok in the k6-like sandbox');
  log(`run with: k6 run -e BASE_URL=http://<host>:<port> -e LINK_SECRET=<auth.linkSecret> -e LESSON=<lesson id> bench/k6/dist/<scenario>.js`);
}

main().catch((err: unknown) => {
  log(`FAILED: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
