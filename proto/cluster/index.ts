/**
 * proto/cluster: the server-only wire contract between nodes (node-to-node media pipes,
 * proto/cluster/v1/pipe.proto). A second public surface of proto (testkit/importBoundaries.ts)
 * so that the browser's entry chunk, which imports proto/index.ts, never carries it.
 */
import '../numbers.js';

export { cluster } from '../gen/cluster.js';
