/** Node stand-in for `k6/execution` (a subset: the VU's and the iteration's numbers). */
import { runtime } from './runtime.js';

const execution = {
  vu: {
    get idInTest() {
      return runtime.vu;
    },
    get idInInstance() {
      return runtime.vu;
    },
    get iterationInInstance() {
      return runtime.iteration;
    },
    get iterationInScenario() {
      return runtime.iteration;
    },
  },
  scenario: {
    get name() {
      return runtime.scenario;
    },
    get iterationInTest() {
      return runtime.iterationInTest;
    },
    get iterationInInstance() {
      return runtime.iterationInTest;
    },
  },
  test: {
    abort(reason?: string): never {
      throw new Error(`test aborted: ${reason ?? ''}`);
    },
  },
};

export const { vu, scenario, test } = execution;
export default execution;
