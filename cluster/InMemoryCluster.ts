/**
 * The embedded default (T6): the cluster of a single machine, no external service. Several
 * handles made over one `InMemoryClusterState` behave like separate nodes sharing a store,
 * which is how the contract suite simulates two nodes in one process.
 */
import { silentLogger } from '../platform/index.js';
import type {
  Cluster,
  ClusterDependencies,
  ClusterOptions,
  ClusterTiming,
  LessonStateStore,
  NodeAnnouncement,
  NodeInfo,
  NodeRegistry,
  RoomDirectory,
} from './ClusterTypes.js';
import { InMemoryClusterState } from './InMemoryClusterState.js';
import { InMemoryLessonState } from './InMemoryLessonState.js';
import { InMemoryMessageBus } from './InMemoryMessageBus.js';
import { PendingCalls } from './PendingCalls.js';
import { checkAnnouncement, checkId, resolveClusterOptions } from './validation.js';

export interface InMemoryClusterOptions extends ClusterOptions {
  /**
   * The state shared with the other in-memory nodes of this process. Default: a new one
   * (a cluster of one node).
   */
  state?: InMemoryClusterState;
}

class InMemoryNodeRegistry implements NodeRegistry {
  constructor(
    readonly state: InMemoryClusterState,
    readonly calls: PendingCalls,
    readonly timing: ClusterTiming,
  ) {}

  announce(node: NodeAnnouncement): Promise<NodeInfo> {
    return this.calls.run(async () => {
      checkAnnouncement(node);
      return this.state.announce(node, this.timing.nodeTtlMs);
    });
  }

  withdraw(nodeId: string): Promise<void> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      this.state.withdraw(nodeId);
    });
  }

  getNode(nodeId: string): Promise<NodeInfo | undefined> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      return this.state.getNode(nodeId);
    });
  }

  listNodes(): Promise<NodeInfo[]> {
    return this.calls.run(async () => this.state.listNodes());
  }
}

class InMemoryRoomDirectory implements RoomDirectory {
  constructor(
    readonly state: InMemoryClusterState,
    readonly calls: PendingCalls,
    readonly timing: ClusterTiming,
  ) {}

  nodeForRoom(roomId: string): Promise<string | undefined> {
    return this.calls.run(async () => {
      checkId('room', roomId);
      return this.state.nodeForRoom(roomId);
    });
  }

  claimRoom(roomId: string, nodeId: string): Promise<string> {
    return this.calls.run(async () => {
      checkId('room', roomId);
      checkId('node', nodeId);
      return this.state.claimRoom(roomId, nodeId, this.timing.leaseTtlMs);
    });
  }

  renewRooms(nodeId: string, roomIds: readonly string[]): Promise<string[]> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      for (const roomId of roomIds) checkId('room', roomId);
      return this.state.renewRooms(nodeId, roomIds, this.timing.leaseTtlMs);
    });
  }

  releaseRoom(roomId: string, nodeId: string): Promise<boolean> {
    return this.calls.run(async () => {
      checkId('room', roomId);
      checkId('node', nodeId);
      return this.state.releaseRoom(roomId, nodeId);
    });
  }

  roomsOf(nodeId: string): Promise<string[]> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      return this.state.roomsOf(nodeId);
    });
  }
}

class InMemoryCluster implements Cluster {
  readonly nodes: NodeRegistry;
  readonly rooms: RoomDirectory;
  readonly bus: InMemoryMessageBus;
  readonly lessonState: LessonStateStore;
  readonly timing: ClusterTiming;
  readonly #calls = new PendingCalls('cluster');

  constructor(options: InMemoryClusterOptions, deps: ClusterDependencies) {
    const { timing, maxPayloadBytes } = resolveClusterOptions(options);
    const state = options.state ?? new InMemoryClusterState();
    this.timing = timing;
    this.nodes = new InMemoryNodeRegistry(state, this.#calls, timing);
    this.rooms = new InMemoryRoomDirectory(state, this.#calls, timing);
    this.bus = new InMemoryMessageBus(state, this.#calls, maxPayloadBytes, deps.logger ?? silentLogger());
    this.lessonState = new InMemoryLessonState(state.lessons, this.#calls, maxPayloadBytes);
  }

  get closed(): boolean {
    return this.#calls.closed;
  }

  async close(): Promise<void> {
    if (this.#calls.closed) return;
    this.#calls.close();
    this.bus.parentClosed();
  }
}

/** A node's handle on an in-memory cluster (see InMemoryClusterOptions.state). */
export function createInMemoryCluster(options: InMemoryClusterOptions = {}, deps: ClusterDependencies = {}): Cluster {
  return new InMemoryCluster(options, deps);
}
