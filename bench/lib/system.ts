/** Small system helpers the benches' own namespaces and processes share (bench/ may not import sfu/). */
import { execFileSync } from 'node:child_process';

/** Runs a command, returning its stdout; throws with its stderr, or returns '' when `quiet`. */
export function run(cmd: string, args: string[], quiet = false): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (quiet) return '';
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}

/** True while a process with this pid exists (EPERM: it exists but is not ours to signal). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
