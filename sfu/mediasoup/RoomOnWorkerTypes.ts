/** What a RoomOnWorker tells its owner (MediasoupRoom) and asks of it. */
import type { Logger } from '../../platform/index.js';
import type { SfuMetrics } from '../metrics.js';
import type { ConsumersChange } from '../TransportNegotiationTypes.js';
import type { WorkerHost } from './WorkerHost.js';

export interface RoomOnWorkerHooks {
  log: Logger;
  metrics: SfuMetrics;
  isDisabled(peerId: string, label: string): boolean;
  streamsChanged(): void;
  consumersChanged(peerId: string, change: ConsumersChange): void;
  talking(peerId: string, talking: boolean): void;
  activeSpeaker(peerId: string | null): void;
  /** The worker for a new peer (the engine's load-based choice; the origin while it has room). */
  pickWorker(origin: WorkerHost): WorkerHost | undefined;
  /** The peer's connections were lost with a worker other than the origin's: it must connect again. */
  peerReset(peerId: string, reason: string): void;
}
