import { batch, effect } from '@preact/signals';
import { t } from '../i18n/index.js';
import { LayerGovernor, MediaClient, qualityReport, type TransportControllerLoader, type TransportSignal } from '../media/index.js';
import {
  RedirectError,
  ServerError,
  Socket,
  SocketError,
  type ClientRequest,
  type IceServer,
  type JoinResult,
  type LessonSnapshot,
  type RtpCapabilities,
  type ResultFor,
  type VideoLayer,
  type WebSocketFactory,
} from '../net/index.js';
import { log } from '../util/log.js';
import { markOnce } from '../util/timeline.js';
import { loadChat, resetChat } from './chat.js';
import {
  finalReasonFromClose,
  finalReasonFromJoinError,
  finalState,
  mediaHealth,
  phase,
  reconnectAttempt,
  rejoining,
  showNotice,
  socketOpened,
  socketStatus,
  type FinalReason,
} from './connection.js';
import { recordUsage } from './dataSaver.js';
import { changedPreferences, layerPreferences, stage } from './layout.js';
import { lessonPasswordRefusal } from './errors.js';
import { applySnapshot, self, updateSelf } from './lesson.js';
import { enterParts } from './lessonParts.js';
import { admission, applyLobby } from './lobby.js';
import { featuredLayer, lastNetworkSample, resetRemoteMedia, setRemoteTracks } from './remoteMedia.js';
import { screenSharing } from './screenShare.js';
import { cameraAvailable, cameraOn, cameraTrack, connectSelfMedia, micAvailable, micOn, micTrack, setMicOn, stopLocalMedia } from './selfMedia.js';
import { wirePushes } from './sessionPushes.js';

export interface SessionParams {
  lessonId: string;
  /** The join link's token ('' when relying on a session cookie). */
  joinToken: string;
  /** '' lets the server use the account's name (a signed-in join). */
  displayName: string;
  /** The lesson's password, for a student of a lesson that has one; '' otherwise. */
  lessonPassword?: string;
  /** ws(s)://host/ws */
  url: string;
  createWebSocket?: WebSocketFactory;
  /** Tests: the transport controller on a fake mediasoup-client handler. */
  loadTransportController?: TransportControllerLoader;
  /** Default 10 000 ms. */
  requestTimeoutMs?: number;
}

/** Redirects followed in a row without a join; more means the cluster is moving the lesson: back off. */
const MAX_REDIRECTS = 3;

/** The signaling URL of node `node` behind the same address (the balancer routes `?node=`). */
export function nodeUrl(base: string, node: string): string {
  const url = new URL(base);
  url.searchParams.set('node', node);
  return url.toString();
}

/** Requests that may go out before the join on the current connection has succeeded. */
const UNGATED = new Set<ClientRequest['type']>(['join', 'leave']);

/**
 * One lesson on this page: the socket, the media, and the glue that turns their events into
 * state. Lives from "Vào lớp" to the final screen; closing it releases everything.
 */
export class LessonSession {
  readonly socket: Socket;
  readonly media: MediaClient;
  readonly #params: SessionParams;
  readonly #governor = new LayerGovernor();
  readonly #lastSentLayers = new Map<string, VideoLayer>();
  readonly #disposers: Array<() => void> = [];
  #resumeToken = '';
  /** Names the node last joined or redirected to (docs/cluster.md "Routing"). */
  #routeTicket = '';
  #redirects = 0;
  #participantId = '';
  #iceServers: IceServer[] = [];
  /** The router's capabilities from the last JoinResponse (what the media device loads). */
  #rtpCapabilities: RtpCapabilities = {};
  /** server clock - local clock at the last join, for a snapshot that comes later (lobby). */
  #clockOffsetMs = 0;
  #joinedOnSocket = false;
  #mediaStarted = false;
  #closeCause: { reason: FinalReason; detail: string } | null = null;
  #closed = false;
  #firstJoin: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  #layerSyncQueued = false;

  constructor(params: SessionParams) {
    this.#params = params;
    this.socket = new Socket({
      url: params.url,
      ...(params.createWebSocket ? { createWebSocket: params.createWebSocket } : {}),
      ...(params.requestTimeoutMs ? { requestTimeoutMs: params.requestTimeoutMs } : {}),
    });
    this.media = new MediaClient({
      signal: this.#mediaSignal(),
      ...(params.loadTransportController ? { loadTransportController: params.loadTransportController } : {}),
    });
    this.#wire();
  }

  get closed(): boolean {
    return this.#closed;
  }

  get participantId(): string {
    return this.#participantId;
  }

  /** Connects and joins. Resolves once admitted or in the lobby; rejects if the first join fails. */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#firstJoin = { resolve, reject };
      this.socket.connect();
    });
  }

  /** Sends a request once joined on the current connection. */
  request<T extends ClientRequest>(request: T, timeoutMs?: number): Promise<ResultFor<T['type']>> {
    if (this.#closed) return Promise.reject(new SocketError('closed'));
    if (!this.#joinedOnSocket && !UNGATED.has(request.type)) return Promise.reject(new SocketError('not-connected'));
    return this.socket.request(request, timeoutMs);
  }

  async leave(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.request({ type: 'leave' }, 3000);
    } catch (error) {
      log.info('leave was not acknowledged; closing anyway', error);
    }
    this.#finish('left', '', null);
  }

  /** Teacher: ends the lesson for everyone. The LessonEnded push then ends ours. */
  async endLesson(): Promise<void> {
    await this.request({ type: 'endLesson' });
  }

  sendMediaState(): void {
    const state = { micOn: micOn.value, cameraOn: cameraOn.value, screenOn: screenSharing.value };
    updateSelf(state);
    this.request({ type: 'setMediaState', ...state }).catch((error: unknown) => log.info('media state not sent (it is sent again with the next join)', error));
  }

  #wire(): void {
    const { socket, media } = this;
    socket.on('status', (status, attempt) => {
      batch(() => {
        socketStatus.value = status;
        reconnectAttempt.value = attempt;
        if (status === 'open') socketOpened.value = true;
      });
    });
    socket.on('open', ({ reconnect }) => void this.#join(reconnect));
    socket.on('disconnected', () => {
      this.#joinedOnSocket = false;
      // Back through the balancer: the node we were on may be gone; whichever node answers
      // sends us on to the lesson's owner, and our ticket tells it whom we lost.
      socket.setUrl(this.#params.url);
      if (phase.value === 'live' || phase.value === 'waiting') rejoining.value = true;
    });
    socket.on('final', ({ code }) => {
      const cause = this.#closeCause;
      this.#finish(finalReasonFromClose(code, cause?.reason ?? null), cause?.detail ?? '', code);
    });
    media.on('remoteTracks', (tracks) => setRemoteTracks(tracks));
    media.on('health', (health) => (mediaHealth.value = health));
    media.on('sample', (sample) => {
      this.request({ type: 'qualityReport', ...qualityReport(sample) }).catch(() => undefined);
      recordUsage(sample, Date.now());
      lastNetworkSample.value = sample;
      // Only a staged video (a student watching the teacher) has a layer to adapt.
      if (!stage.peek()) return;
      const before = featuredLayer.value;
      featuredLayer.value = this.#governor.next(sample);
      if (before === 'high' && featuredLayer.value !== 'high') showNotice(t('lesson.poorNetwork'));
    });
    this.#disposers.push(
      wirePushes(socket.pushes, {
        media,
        finish: (reason, detail) => this.#finish(reason, detail, null),
        noteCloseCause: (reason, detail) => (this.#closeCause = { reason, detail }),
        admitted: (snapshot) => this.#enterLesson(snapshot, Date.now() + this.#clockOffsetMs, 'first'),
      }),
      effect(() => {
        void layerPreferences.value;
        this.#queueLayerSync();
      }),
    );
    // Back online, or back from a locked phone (timers were throttled): do not wait for the
    // next backoff step.
    const retryNow = () => socket.status === 'reconnecting' && document.visibilityState === 'visible' && socket.reconnectNow();
    window.addEventListener('online', retryNow);
    document.addEventListener('visibilitychange', retryNow);
    this.#disposers.push(() => {
      window.removeEventListener('online', retryNow);
      document.removeEventListener('visibilitychange', retryNow);
    });
  }

  async #join(opened: boolean): Promise<void> {
    this.#joinedOnSocket = false;
    // A connection opened to follow a redirect is still the first join.
    const reconnect = opened && this.#participantId !== '';
    let result: JoinResult;
    markOnce('join-sent');
    try {
      result = await this.socket.request({
        type: 'join',
        lessonId: this.#params.lessonId,
        joinToken: this.#params.joinToken,
        displayName: this.#params.displayName,
        lessonPassword: this.#params.lessonPassword ?? '',
        // Sent with the join token: within the grace period the server resumes us, after it
        // the token lets it start a new participant without asking the user again.
        resumeToken: this.#resumeToken,
        routeTicket: this.#routeTicket,
        micOn: micOn.value,
        cameraOn: cameraOn.value,
      });
    } catch (error) {
      if (error instanceof RedirectError && !this.#closed) this.#follow(error);
      else if (!this.#closed) this.#joinFailed(error, reconnect);
      return;
    }
    if (this.#closed) return;
    markOnce('join-answered');
    this.#redirects = 0;
    this.#routeTicket = result.routeTicket;
    this.#joinedOnSocket = true;
    this.socket.markHealthy();
    rejoining.value = false;
    const sameParticipant = this.#participantId === result.participantId;
    this.#participantId = result.participantId;
    this.#resumeToken = result.resumeToken;
    this.#iceServers = result.iceServers;
    this.#rtpCapabilities = result.rtpCapabilities;
    if (result.serverTimeMs > 0) this.#clockOffsetMs = result.serverTimeMs - Date.now();
    if (result.admission === 'waiting' || !result.snapshot) {
      batch(() => {
        phase.value = 'waiting';
        admission.value = 'waiting';
      });
    } else {
      this.#enterLesson(result.snapshot, result.serverTimeMs, !reconnect ? 'first' : sameParticipant ? 'resume' : 'new-participant');
    }
    this.#firstJoin?.resolve();
    this.#firstJoin = null;
  }

  /** The lesson runs on another node: reconnect there at once (a few times in a row at most). */
  #follow(redirect: RedirectError): void {
    this.#routeTicket = redirect.ticket;
    if (++this.#redirects > MAX_REDIRECTS) {
      log.warn('redirected too often; retrying through the balancer later');
      this.#redirects = 0;
      this.socket.setUrl(this.#params.url);
      setTimeout(() => !this.#closed && this.socket.reconnectNow(), 2000);
      return;
    }
    this.socket.setUrl(nodeUrl(this.#params.url, redirect.node));
    this.socket.reconnectNow();
  }

  #joinFailed(error: unknown, reconnect: boolean): void {
    log.warn('join failed', error);
    if (!reconnect && lessonPasswordRefusal(error)) {
      // The join page asks for the password and tries again on a new socket.
      this.#firstJoin?.reject(error);
      this.#firstJoin = null;
      this.close();
      return;
    }
    const final = error instanceof ServerError ? finalReasonFromJoinError(error.code) : null;
    if (final) {
      // The server closes with the matching final code; do not wait for it.
      this.#firstJoin?.reject(error);
      this.#firstJoin = null;
      this.#finish(final, '', null);
      return;
    }
    if (!reconnect && error instanceof ServerError) {
      this.#firstJoin?.reject(error);
      this.#firstJoin = null;
      this.close();
      return;
    }
    // A transient failure (server busy, connection lost, timeout): try again on a new connection.
    if (error instanceof SocketError && error.reason === 'connection-lost') return; // the socket reconnects
    setTimeout(() => !this.#closed && this.socket.reconnectNow(), 2000);
  }

  #enterLesson(snapshot: LessonSnapshot, serverTimeMs: number, mode: 'first' | 'resume' | 'new-participant'): void {
    if (mode === 'new-participant') resetChat();
    batch(() => {
      applySnapshot(snapshot, serverTimeMs);
      loadChat(snapshot.recentChat);
      applyLobby(snapshot.lobby);
      enterParts(snapshot);
      admission.value = 'admitted';
      phase.value = 'live';
    });
    connectSelfMedia({
      sourceChanged: (source, track, available) => this.media.setSource(source, track, available),
      screenChanged: (track) => this.media.setScreen(track),
      mediaStateChanged: () => this.sendMediaState(),
    });
    // A student whose teacher does not let students unmute joins with the microphone off.
    if (mode === 'first' && micOn.value && self.value && !self.value.micOn) void setMicOn(false);
    this.#lastSentLayers.clear();
    if (!this.#mediaStarted) {
      this.#mediaStarted = true;
      void this.media.setSource('microphone', micTrack.value, micAvailable.value);
      void this.media.setSource('camera', cameraTrack.value, cameraAvailable.value);
      this.media.start(this.#iceServers, this.#rtpCapabilities);
    } else if (mode === 'resume') {
      void this.media.afterResume();
    } else {
      this.media.restartFresh(this.#iceServers, this.#rtpCapabilities);
    }
    this.#queueLayerSync();
  }

  /** Sends the layer preferences that changed, at most once per microtask burst. */
  #queueLayerSync(): void {
    if (this.#layerSyncQueued) return;
    this.#layerSyncQueued = true;
    queueMicrotask(() => {
      this.#layerSyncQueued = false;
      this.#syncLayers();
    });
  }

  #syncLayers(): void {
    if (this.#closed || !this.#joinedOnSocket || phase.value !== 'live') return;
    const desired = layerPreferences.peek();
    for (const key of [...this.#lastSentLayers.keys()]) if (!desired.has(key)) this.#lastSentLayers.delete(key);
    const changed = changedPreferences(desired, this.#lastSentLayers);
    if (changed.length === 0) return;
    for (const p of changed) this.#lastSentLayers.set(`${p.participantId}:${p.source}`, p.layer);
    this.request({ type: 'setVideoPreferences', preferences: changed }).catch((error: unknown) => {
      log.info('video preferences not sent; will resend', error);
      for (const p of changed) this.#lastSentLayers.delete(`${p.participantId}:${p.source}`);
    });
  }

  #mediaSignal(): TransportSignal {
    return {
      restartMedia: () => this.request({ type: 'restartMedia' }),
      mediaSetup: (rtpCapabilities) => this.request({ type: 'mediaSetup', rtpCapabilities }),
      connectTransport: (direction, dtlsParameters) => this.request({ type: 'connectTransport', direction, dtlsParameters }),
      produce: async (source, kind, rtpParameters) => (await this.request({ type: 'produce', source, kind, rtpParameters })).producerId,
      unpublish: (source) => this.request({ type: 'unpublish', source }),
      resumeConsumer: (consumerId) => this.request({ type: 'resumeConsumer', consumerId }),
      restartIce: async (direction) => (await this.request({ type: 'restartIce', direction })).iceParameters,
    };
  }

  /** Ends the session with the final screen. */
  #finish(reason: FinalReason, detail: string, closeCode: number | null): void {
    if (this.#closed) return;
    batch(() => {
      finalState.value = { reason, detail, closeCode };
      phase.value = 'final';
      rejoining.value = false;
    });
    this.close();
  }

  /** Releases the socket, the media transports and the devices. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const dispose of this.#disposers.splice(0)) dispose();
    connectSelfMedia(null);
    this.media.close();
    this.socket.close();
    this.socket.pushes.removeAllListeners();
    this.socket.removeAllListeners();
    stopLocalMedia();
    resetRemoteMedia();
    this.#firstJoin?.reject(new SocketError('closed'));
    this.#firstJoin = null;
  }
}
