/** Lesson ownership through the cluster's room directory: one node hosts a lesson at a time. */
import type { Cluster } from '../../cluster/index.js';
import type { LessonOwnership } from '../liveRoom/LessonHubs.js';

export class ClusterOwnership implements LessonOwnership {
  readonly #cluster: Cluster;
  readonly #nodeId: string;

  constructor(cluster: Cluster, nodeId: string) {
    this.#cluster = cluster;
    this.#nodeId = nodeId;
  }

  async claim(lessonId: string): Promise<{ mine: true } | { mine: false; ownerUrl: string }> {
    const owner = await this.#cluster.rooms.claimRoom(lessonId, this.#nodeId);
    if (owner === this.#nodeId) return { mine: true };
    const node = await this.#cluster.nodes.getNode(owner);
    return { mine: false, ownerUrl: node?.url ?? owner };
  }

  async release(lessonId: string): Promise<void> {
    await this.#cluster.rooms.releaseRoom(lessonId, this.#nodeId);
  }
}
