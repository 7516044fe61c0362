/** The WebSocket endpoint: uWebSockets.js limits, and one ClientSession per connection. */
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { Clock, Logger } from '../../platform/index.js';
import type { OriginPolicy } from '../http/origins.js';
import { statusLine } from '../http/responses.js';
import type { SignalingMetrics } from '../metrics.js';
import { ClientSession, type Dispatch, type SessionLimits } from './ClientSession.js';
import { CLOSE } from './closeCodes.js';

export interface WsServerOptions extends SessionLimits {
  /** Largest frame accepted; a larger one closes the socket with 1009. */
  maxPayloadBytes: number;
  /** Seconds without traffic before the socket is dropped; pings are sent automatically. */
  idleTimeoutSeconds: number;
  /** Bytes queued for a slow client before sends fail (and the session closes with 4508). */
  maxBackpressureBytes: number;
  /** A connection that has not joined within this time is closed with 4408. */
  joinTimeoutMs: number;
}

interface UserData {
  remoteAddress: string;
  cookie: string;
  /** False once the socket closed: uWS throws on any use of a closed socket. */
  open: boolean;
  session?: ClientSession;
  joinTimer?: NodeJS.Timeout;
}

/** The answer to a request on the socket's path that is not a WebSocket upgrade. */
export const NO_UPGRADE =
  'This address is the lesson WebSocket: the request reached the server without "Upgrade: websocket". A proxy or balancer in front must pass the Upgrade and Connection headers (docs/deploy.md).\n';

export class WsServer {
  readonly #sessions = new Set<ClientSession>();
  readonly #options: WsServerOptions;
  readonly #dispatch: Dispatch;
  readonly #metrics: SignalingMetrics;
  readonly #logger: Logger;
  readonly #clock: Clock;

  readonly #origins: OriginPolicy;

  constructor(args: { options: WsServerOptions; dispatch: Dispatch; metrics: SignalingMetrics; logger: Logger; clock: Clock; origins: OriginPolicy }) {
    this.#origins = args.origins;
    this.#options = args.options;
    this.#dispatch = args.dispatch;
    this.#metrics = args.metrics;
    this.#logger = args.logger;
    this.#clock = args.clock;
  }

  get connectionCount(): number {
    return this.#sessions.size;
  }

  register(app: TemplatedApp, path = '/ws'): void {
    const o = this.#options;
    app.ws<UserData>(path, {
      compression: 0, // SDP compresses well, but per-message deflate costs CPU on every push
      maxPayloadLength: o.maxPayloadBytes,
      idleTimeout: o.idleTimeoutSeconds,
      maxBackpressure: o.maxBackpressureBytes,
      closeOnBackpressureLimit: 0,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        // A browser page of another origin must not open the lesson socket with the user's cookie.
        if (!this.#origins.allows(req.getHeader('origin'), req.getHeader('host'))) {
          this.#metrics.upgradeRefused('origin');
          res.cork(() => res.writeStatus(statusLine(403)).writeHeader('content-type', 'text/plain; charset=utf-8').end('Cross-site WebSocket refused'));
          return;
        }
        const userData: UserData = {
          remoteAddress: Buffer.from(res.getRemoteAddressAsText()).toString(),
          cookie: req.getHeader('cookie'),
          open: true,
        };
        res.upgrade(userData, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
      },
      open: (ws) => this.#open(ws),
      message: (ws, message, isBinary) => {
        const session = ws.getUserData().session;
        if (!session) return;
        // uWS reuses `message` after this callback returns: copy before anything async.
        if (isBinary) session.onBinaryFrame(new Uint8Array(message.slice(0)), this.#clock.now());
        else session.onTextFrame();
      },
      close: (ws, code) => this.#closed(ws, code),
    });
    // A plain request on the socket's path came through a proxy or balancer that dropped the
    // Upgrade header (uWS passes requests without a WebSocket key on): say what is wrong,
    // for whoever opens it by hand, instead of the API's 404 (docs/cluster.md "Bad input and faults").
    app.get(path, (res) => {
      this.#metrics.upgradeRefused('no-upgrade');
      res.cork(() => res.writeStatus(statusLine(426)).writeHeader('upgrade', 'websocket').writeHeader('content-type', 'text/plain; charset=utf-8').end(NO_UPGRADE));
    });
  }

  /** Closes every connection (server shutting down or draining). */
  closeAll(code: number = CLOSE.draining, reason = 'Server restarting'): void {
    for (const s of [...this.#sessions]) s.close(code, reason);
  }

  #open(ws: WebSocket<UserData>): void {
    const data = ws.getUserData();
    const session = new ClientSession({
      transport: {
        send: (bytes) => data.open && ws.send(bytes, true) !== 2,
        close: (code, reason) => {
          if (!data.open) return;
          data.open = false;
          ws.end(code, reason);
        },
      },
      dispatch: this.#dispatch,
      limits: this.#options,
      metrics: this.#metrics,
      logger: this.#logger,
      remoteAddress: data.remoteAddress,
      cookieHeader: data.cookie,
      now: this.#clock.now(),
    });
    data.session = session;
    data.joinTimer = setTimeout(() => {
      if (!session.binding) session.close(CLOSE.joinTimeout, 'No join request in time');
    }, this.#options.joinTimeoutMs);
    this.#sessions.add(session);
    this.#metrics.connectionOpened();
  }

  #closed(ws: WebSocket<UserData>, code: number): void {
    const data = ws.getUserData();
    data.open = false;
    clearTimeout(data.joinTimer);
    const session = data.session;
    if (!session) return;
    this.#sessions.delete(session);
    this.#metrics.connectionClosed();
    session.onTransportClosed(code);
  }
}
