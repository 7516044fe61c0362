/**
 * The module table of docs/architecture (../shared/conventions.md) as code: which top-level
 * module may import which, and only through its public surface (`<module>/index.ts`). Inside
 * a module, the folders listed in SUBMODULE_ROOTS hold sub-modules (the domain's features, the
 * signaling slices) that follow the same rule among themselves: one feature reaches another
 * only through its `index.ts`, so that each feature's private files can change freely.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const MODULES = ['proto', 'platform', 'classroom', 'cluster', 'sfu', 'signaling', 'recorder', 'client', 'bench'] as const;
export type ModuleName = (typeof MODULES)[number];

export const ALLOWED: Record<ModuleName, readonly ModuleName[]> = {
  proto: [],
  platform: [],
  classroom: ['platform'],
  cluster: ['platform'],
  sfu: ['platform', 'cluster', 'proto'],
  signaling: ['proto', 'platform', 'classroom', 'cluster', 'sfu', 'recorder'],
  recorder: ['platform', 'proto', 'cluster'],
  client: ['proto'],
  bench: ['proto'],
};

/**
 * Public surfaces besides a module's index.ts. `proto/http/index.ts` holds the HTTP shapes
 * (zod/mini): the students' entry chunk imports proto/index.ts for the protobuf codec, and any
 * shape re-exported there would end up in it (with zod), so the pages that need the shapes
 * import them from their own surface. `proto/lite/index.ts` is the contract without the generated
 * code (protocol version, RTP mappings) for the join entry, which must not carry protobufjs.
 */
export const EXTRA_SURFACES: Partial<Record<ModuleName, readonly string[]>> = {
  proto: ['http/index', 'http/index.js', 'http/index.ts', 'cluster/index', 'cluster/index.js', 'cluster/index.ts', 'lite/index', 'lite/index.js', 'lite/index.ts'],
};

/**
 * Folders whose sub-folders are modules of their own (conventions §18, a feature is a slice):
 * `classroom/<feature>/`, `signaling/features/<feature>/`. A file directly in the folder (its
 * index.ts, shared types) is not in any sub-module.
 */
export const SUBMODULE_ROOTS = ['classroom', 'signaling/features'] as const;

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

const IMPORT_RE = /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importSpecifiers(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of withoutComments.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2]) as string);
  return out;
}

function moduleOf(path: string): string {
  return path.split('/')[0] ?? '';
}

/**
 * `classroom/hands/HandRaising.ts` -> `classroom/hands`; undefined outside any sub-module.
 * `__fixtures__` folders are test data assembled from many features: not a sub-module.
 */
export function subModuleOf(path: string): string | undefined {
  for (const root of SUBMODULE_ROOTS) {
    if (!path.startsWith(`${root}/`)) continue;
    const parts = path.slice(root.length + 1).split('/');
    if (parts.length > 1 && parts[0] !== '__fixtures__') return `${root}/${parts[0]}`;
  }
  return undefined;
}

/** The reason an import inside one module breaks the sub-module rule, or undefined. */
function subModuleViolation(fromPath: string, target: string): string | undefined {
  if (fromPath.includes('/__fixtures__/')) return undefined;
  const to = subModuleOf(target);
  if (to === undefined || to === subModuleOf(fromPath)) return undefined;
  const inside = target.slice(to.length + 1);
  if (['index', 'index.js', 'index.ts'].includes(inside)) return undefined;
  return `reaches into ${to}'s private files; import ${to}/index.js`;
}

function isTestFile(path: string): boolean {
  return /\.(test|int\.test|e2e\.test)\.tsx?$/.test(path) || path.includes('/__fixtures__/');
}

/** Checks every relative import of `files`; returns the imports that break the table. */
export function findViolations(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = moduleOf(file.path);
    if (!(MODULES as readonly string[]).includes(from)) continue; // testkit, scripts: free
    for (const specifier of importSpecifiers(file.text)) {
      if (!specifier.startsWith('.')) continue; // third-party or node: builtins
      const target = join(dirname(file.path), specifier).split(sep).join('/');
      if (target.startsWith('..')) {
        violations.push({ file: file.path, specifier, reason: 'imports from outside the repository' });
        continue;
      }
      const to = moduleOf(target);
      if (to === from) {
        const reason = subModuleViolation(file.path, target);
        if (reason) violations.push({ file: file.path, specifier, reason });
        continue;
      }
      if (to === 'testkit') {
        // Benchmarks start their own services (PostgreSQL, Redis) the way the tests do; they never
        // ship in the server, so they may use testkit's starters rather than copy them.
        if (!isTestFile(file.path) && from !== 'bench') violations.push({ file: file.path, specifier, reason: 'only tests and benchmarks may import testkit' });
        continue;
      }
      if (!(MODULES as readonly string[]).includes(to)) {
        violations.push({ file: file.path, specifier, reason: `imports ${to}/, which is not a module` });
        continue;
      }
      if (!ALLOWED[from as ModuleName].includes(to as ModuleName)) {
        violations.push({ file: file.path, specifier, reason: `${from} may not import ${to}` });
        continue;
      }
      const inside = target.slice(to.length + 1);
      if (!['', 'index', 'index.js', 'index.ts', ...(EXTRA_SURFACES[to as ModuleName] ?? [])].includes(inside)) {
        violations.push({ file: file.path, specifier, reason: `reaches into ${to}'s private files; import ${to}/index.js` });
      }
    }
  }
  return violations;
}

/** Every .ts/.tsx file of the repository's modules (generated code and dependencies excluded). */
export function readRepositorySources(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'gen' || name === 'dist' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
        out.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const m of MODULES) {
    try {
      walk(resolve(root, m));
    } catch {
      // a module folder that does not exist yet has nothing to check
    }
  }
  return out;
}
