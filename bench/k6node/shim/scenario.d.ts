/** The scenario a VU worker runs: resolved at bundle time to the scenario file (see runner.ts). */
declare module 'bench-k6-scenario' {
  export const options: Record<string, unknown> | undefined;
  export function setup(): unknown;
  export function teardown(data: unknown): unknown;
  const run: (data: unknown) => unknown;
  export default run;
}
