// Bundles the server (signaling/bin.ts and everything it imports) into dist/server/main.js.
// Dependencies stay external (node_modules); type checking is `npm run typecheck`'s job.
import { build } from 'esbuild';

await build({
  entryPoints: ['signaling/bin.ts'],
  outfile: 'dist/server/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
