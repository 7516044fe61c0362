/**
 * The part of janode 1.8 (an untyped ESM package) that the sfu uses. Only janusClient.ts
 * touches these types; the rest of the sfu sees the narrower wrappers it exports.
 */
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  /** A raw Janus API message, as janode resolves plugin requests with. */
  export interface JanusMessage {
    janus: string;
    transaction?: string;
    sender?: number;
    plugindata?: { plugin: string; data: Record<string, unknown> };
    jsep?: { type: string; sdp: string };
    [key: string]: unknown;
  }

  export interface JanodeHandle extends EventEmitter {
    readonly id: number;
    message(body: Record<string, unknown>, jsep?: { type: string; sdp: string }): Promise<JanusMessage>;
    trickle(candidate: Record<string, unknown> | null): Promise<unknown>;
    detach(): Promise<void>;
  }

  export interface JanodeSession extends EventEmitter {
    readonly id: number;
    attach<H extends JanodeHandle>(plugin: { id: string; Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<void>;
  }

  export interface JanodeConnection extends EventEmitter {
    readonly id: number;
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<void>;
  }

  export interface JanodeServerConfig {
    address: { url: string; apisecret?: string };
    retry_time_secs?: number;
    max_retries?: number;
    ws_options?: Record<string, unknown>;
  }

  const Janode: {
    connect(config: JanodeServerConfig): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): void };
    EVENT: {
      CONNECTION_CLOSED: string;
      CONNECTION_ERROR: string;
      SESSION_DESTROYED: string;
      HANDLE_DETACHED: string;
      HANDLE_HANGUP: string;
      HANDLE_ICE_FAILED: string;
      HANDLE_WEBRTCUP: string;
    };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle } from 'janode';

  const VideoRoomPlugin: {
    id: string;
    Handle: new (...args: never[]) => JanodeHandle;
    EVENT: {
      VIDEOROOM_UPDATED: string;
      VIDEOROOM_TALKING: string;
      VIDEOROOM_SC_SUBSTREAM_LAYER: string;
      VIDEOROOM_DESTROYED: string;
      VIDEOROOM_ERROR: string;
    };
  };
  export default VideoRoomPlugin;
}
