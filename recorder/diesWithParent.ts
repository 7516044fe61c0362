/**
 * Recorder and post-processing processes must not outlive the server: a SIGKILLed server (a
 * crash, the OOM killer) runs no cleanup, and an orphan ffmpeg keeps its ports, its file and its
 * CPU — and, for a job, writes the same output as the job run again after the restart.
 * `setpriv --pdeathsig KILL` (util-linux, in every Debian) asks the kernel to SIGKILL the program
 * when the thread that started it dies; it execs the program, so the pid is the program's.
 * Node starts children from its main thread, whose end is the server's.
 */
import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

/** `argv` wrapped so that the kernel kills it with this process (unchanged where setpriv is missing). */
export function diesWithParent(argv: string[]): string[] {
  return existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...argv] : argv;
}
