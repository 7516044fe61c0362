/**
 * A narrow, typed face of janode: one connection and session per Janus instance, and VideoRoom
 * handles that send raw plugin requests (janode's helpers hide fields we need, such as the
 * difference between `updated` and `updating`, and some hang up the PeerConnection on error).
 * Every request is bounded by a timeout, timed for the metrics and its failure mapped by
 * toEngineError().
 */
import Janode, { type JanodeConnection, type JanodeHandle, type JanodeSession } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { withTimeout } from '../platform/index.js';
import { toEngineError } from './janusErrors.js';

export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface PluginReply {
  /** plugindata.data of the reply. */
  data: Record<string, unknown>;
  jsep: Jsep | undefined;
}

/** Called after every request with its name, its duration and whether it succeeded. */
export type RequestObserver = (request: string, seconds: number, ok: boolean) => void;

export interface HandleEvents {
  /** `updated` pushed by Janus without a request of ours (e.g. a publisher left). */
  updated?: (data: Record<string, unknown>, jsep: Jsep | undefined) => void;
  talking?: (feed: number, talking: boolean) => void;
  /** A subscriber m-line now relays simulcast substream `substream` (a switch completed). */
  substream?: (mid: string, substream: number) => void;
  /** The PeerConnection of this handle is up (ICE and DTLS done). */
  webrtcUp?: () => void;
  /** The PeerConnection of this handle is gone (ICE failure, DTLS alert, hangup). */
  hangup?: (reason: string) => void;
  /** The handle no longer exists on the Janus side. */
  detached?: () => void;
}

let janodeSilenced = false;

/** janode logs to the console at info level by default; the sfu logs through pino instead. */
function silenceJanode(): void {
  if (janodeSilenced) return;
  janodeSilenced = true;
  Janode.Logger.setLevel('none');
}

function asJsep(value: unknown): Jsep | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const j = value as { type?: unknown; sdp?: unknown };
  if ((j.type === 'offer' || j.type === 'answer') && typeof j.sdp === 'string') return { type: j.type, sdp: j.sdp };
  return undefined;
}

export class VideoRoomHandle {
  readonly #handle: JanodeHandle;
  readonly #timeoutMs: number;
  readonly #observe: RequestObserver;
  #detached = false;

  constructor(handle: JanodeHandle, timeoutMs: number, observe: RequestObserver) {
    this.#handle = handle;
    this.#timeoutMs = timeoutMs;
    this.#observe = observe;
    handle.once(Janode.EVENT.HANDLE_DETACHED, () => {
      this.#detached = true;
    });
  }

  get id(): number {
    return this.#handle.id;
  }

  get detached(): boolean {
    return this.#detached;
  }

  /** Sends a VideoRoom request (`body.request` names it) and returns the plugin's reply. */
  async request(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply> {
    const name = typeof body.request === 'string' ? body.request : 'message';
    const reply = await this.#timed(name, () => this.#handle.message(body, jsep));
    return { data: reply.plugindata?.data ?? {}, jsep: asJsep(reply.jsep) };
  }

  /** Forwards a trickled candidate; `null` means end of candidates. */
  async trickle(candidate: { candidate: string; sdpMid?: string; sdpMLineIndex?: number } | null): Promise<void> {
    await this.#timed('trickle', () => this.#handle.trickle(candidate ? { ...candidate } : null));
  }

  /** Detaches the handle (Janus closes its PeerConnection). Never throws. */
  async detach(): Promise<void> {
    if (this.#detached) return;
    this.#detached = true;
    await this.#timed('detach', () => this.#handle.detach()).catch(() => undefined);
  }

  on(events: HandleEvents): void {
    const h = this.#handle;
    if (events.updated) {
      const cb = events.updated;
      h.on(VideoRoomPlugin.EVENT.VIDEOROOM_UPDATED, (d: Record<string, unknown>) => cb(d, asJsep(d.jsep)));
    }
    if (events.talking) {
      const cb = events.talking;
      h.on(VideoRoomPlugin.EVENT.VIDEOROOM_TALKING, (d: { feed?: unknown; talking?: unknown }) => {
        if (typeof d.feed === 'number') cb(d.feed, d.talking === true);
      });
    }
    if (events.substream) {
      const cb = events.substream;
      h.on(VideoRoomPlugin.EVENT.VIDEOROOM_SC_SUBSTREAM_LAYER, (d: { mid?: unknown; sc_substream_layer?: unknown }) => {
        if (typeof d.mid === 'string' && typeof d.sc_substream_layer === 'number') cb(d.mid, d.sc_substream_layer);
      });
    }
    if (events.hangup) {
      const cb = events.hangup;
      h.on(Janode.EVENT.HANDLE_HANGUP, (d: { reason?: unknown }) => cb(String(d.reason ?? 'hangup')));
      h.on(Janode.EVENT.HANDLE_ICE_FAILED, () => cb('ICE failed'));
    }
    if (events.webrtcUp) h.on(Janode.EVENT.HANDLE_WEBRTCUP, events.webrtcUp);
    if (events.detached) h.once(Janode.EVENT.HANDLE_DETACHED, events.detached);
  }

  async #timed<T>(name: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await withTimeout(run(), this.#timeoutMs, `Janus ${name}`);
      this.#observe(name, (performance.now() - started) / 1000, true);
      return result;
    } catch (err) {
      this.#observe(name, (performance.now() - started) / 1000, false);
      throw toEngineError(err, name);
    }
  }
}

/** One WebSocket connection and one Janus session on it. */
export class JanusSession {
  readonly #connection: JanodeConnection;
  readonly #session: JanodeSession;
  readonly #timeoutMs: number;
  readonly #observe: RequestObserver;
  #closing = false;

  private constructor(connection: JanodeConnection, session: JanodeSession, timeoutMs: number, observe: RequestObserver) {
    this.#connection = connection;
    this.#session = session;
    this.#timeoutMs = timeoutMs;
    this.#observe = observe;
  }

  /** Connects once (no retry: the supervisor decides when to try again). */
  static async open(url: string, apiSecret: string, timeoutMs: number, observe: RequestObserver): Promise<JanusSession> {
    silenceJanode();
    const connection = await withTimeout(
      Janode.connect({ address: { url, apisecret: apiSecret }, retry_time_secs: 1, max_retries: 0, ws_options: { handshakeTimeout: timeoutMs } }),
      timeoutMs,
      'Janus connect',
    );
    try {
      // Keep-alive every 15 s: well inside the 20 s minimum session_timeout we allow.
      const session = await withTimeout(connection.create(15), timeoutMs, 'Janus session');
      return new JanusSession(connection, session, timeoutMs, observe);
    } catch (err) {
      await connection.close().catch(() => undefined);
      throw err;
    }
  }

  /** Calls `onLost` once when the connection or the session is lost (not after close()). */
  onLost(onLost: (reason: string) => void): void {
    let fired = false;
    const fire = (reason: string) => {
      if (fired || this.#closing) return;
      fired = true;
      onLost(reason);
    };
    this.#connection.once(Janode.EVENT.CONNECTION_ERROR, (e: unknown) => fire(`connection error: ${(e as Error)?.message ?? e}`));
    this.#connection.once(Janode.EVENT.CONNECTION_CLOSED, () => fire('connection closed'));
    this.#session.once(Janode.EVENT.SESSION_DESTROYED, () => fire('session destroyed'));
  }

  async attachVideoRoom(): Promise<VideoRoomHandle> {
    const started = performance.now();
    try {
      const handle = await withTimeout(this.#session.attach(VideoRoomPlugin), this.#timeoutMs, 'Janus attach');
      this.#observe('attach', (performance.now() - started) / 1000, true);
      return new VideoRoomHandle(handle, this.#timeoutMs, this.#observe);
    } catch (err) {
      this.#observe('attach', (performance.now() - started) / 1000, false);
      throw toEngineError(err, 'attach');
    }
  }

  /** Closes the WebSocket; Janus then drops the session and all its handles. Never throws. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#connection.close().catch(() => undefined);
  }
}
