/**
 * The media engine a clustered node's lessons use (docs/cluster.md "One lesson over several
 * nodes"): the node's MediasoupEngine, whose rooms may place overflow peers on other nodes
 * (SpreadRoom, EdgeRooms). Everything else is the engine's own. A room this node served as an
 * edge for another owner is released before this node creates it as owner (the lesson moved here
 * because that owner is gone).
 */
import { TypedEmitter, type Logger } from '../../platform/index.js';
import type { MediaEngine, MediaEngineEvents, MediaEngineStats, MediaRoom } from '../MediaEngineTypes.js';
import type { EdgeRooms } from './EdgeRooms.js';
import type { MediasoupEngine } from './MediasoupEngine.js';
import { SpreadRoom } from './SpreadRoom.js';

export class SpreadEngine extends TypedEmitter<MediaEngineEvents> implements MediaEngine {
  readonly kind = 'mediasoup';
  readonly #engine: MediasoupEngine;
  readonly #edges: EdgeRooms;
  readonly #log: Logger;
  readonly #rooms = new Map<string, SpreadRoom>();

  constructor(engine: MediasoupEngine, edges: EdgeRooms, log: Logger) {
    super((event, error) => log.error({ err: error, event }, 'spread engine listener threw'));
    this.#engine = engine;
    this.#edges = edges;
    this.#log = log;
    engine.on('instanceDown', (id, reason) => this.safeEmit('instanceDown', id, reason));
    engine.on('instanceUp', (id) => this.safeEmit('instanceUp', id));
  }

  get closed(): boolean {
    return this.#engine.closed;
  }

  get ready(): boolean {
    return this.#engine.ready;
  }

  async createRoom(id: string): Promise<MediaRoom> {
    if (this.#edges.serving(id)) {
      this.#log.warn({ room: id }, 'sfu: this node now owns a room it served as an edge: the edge room is closed first');
      await this.#edges.release(id);
    }
    const room = new SpreadRoom(await this.#engine.createRoom(id), this.#edges, this.#log);
    this.#rooms.set(id, room);
    room.once('closed', () => {
      if (this.#rooms.get(id) === room) this.#rooms.delete(id);
    });
    return room;
  }

  room(id: string): MediaRoom | undefined {
    return this.#rooms.get(id);
  }

  /** The edge node `peerId` of room `roomId` receives on, if any (tests, tools). */
  edgeOfPeer(roomId: string, peerId: string): string | undefined {
    return this.#rooms.get(roomId)?.edgeOf(peerId);
  }

  stats(): MediaEngineStats {
    return this.#engine.stats();
  }

  instancePids(): Record<string, number | undefined> {
    return this.#engine.instancePids();
  }

  instanceOfPeer(roomId: string, peerId: string): string | undefined {
    return this.#engine.instanceOfPeer(roomId, peerId);
  }

  /** Closes the edge rooms' traffic, then the engine. */
  async close(): Promise<void> {
    await this.#edges.close();
    await this.#engine.close();
    this.removeAllListeners();
  }
}
