/**
 * The video layers this page asks the server for (layout.ts `layerPreferences`), sent as they
 * change: at most once per microtask burst, only what differs from the last send, and all of it
 * again after a failed send or a new join (forget(): the server's new participant knows none).
 */
import type { VideoLayer, VideoPreference } from '../net/index.js';
import { log } from '../util/log.js';
import { changedPreferences, layerPreferences } from './layout.js';

export interface LayerSyncHooks {
  /** Joined on the current connection and in the lesson: a request can go. */
  canSend(): boolean;
  send(preferences: VideoPreference[]): Promise<unknown>;
}

export class LayerPreferenceSync {
  readonly #hooks: LayerSyncHooks;
  /** What the server was last sent, by `participantId:source`. */
  readonly #lastSent = new Map<string, VideoLayer>();
  #queued = false;

  constructor(hooks: LayerSyncHooks) {
    this.#hooks = hooks;
  }

  /** The server no longer knows what was sent (a new join): the next sync sends everything. */
  forget(): void {
    this.#lastSent.clear();
  }

  /** Sends the layer preferences that changed, at most once per microtask burst. */
  queue(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#sync();
    });
  }

  #sync(): void {
    if (!this.#hooks.canSend()) return;
    const desired = layerPreferences.peek();
    for (const key of [...this.#lastSent.keys()]) if (!desired.has(key)) this.#lastSent.delete(key);
    const changed = changedPreferences(desired, this.#lastSent);
    if (changed.length === 0) return;
    for (const p of changed) this.#lastSent.set(`${p.participantId}:${p.source}`, p.layer);
    this.#hooks.send(changed).catch((error: unknown) => {
      log.info('video preferences not sent; will resend', error);
      for (const p of changed) this.#lastSent.delete(`${p.participantId}:${p.source}`);
    });
  }
}
