import { batch, effect } from '@preact/signals';
import { t } from '../i18n/index.js';
import { LayerGovernor, MediaClient, qualityReport, type FirstSound, type FirstSoundSignal, type TransportControllerLoader, type TransportSignal } from '../media/index.js';
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
  type WebSocketFactory,
} from '../net/index.js';
import { log } from '../util/log.js';
import { markStep } from '../util/timeline.js';
import { loadChat, resetChat } from './chat.js';
import {
  finalReasonFromClose,
  finalReasonFromJoinError,
  finalState,
  mediaHealth,
  mediaReceiving,
  phase,
  reconnectAttempt,
  rejoining,
  showNotice,
  socketOpened,
  socketStatus,
  type FinalReason,
} from './connection.js';
import { recordUsage } from './dataSaver.js';
import { layerPreferences, stage } from './layout.js';
import { LayerPreferenceSync } from './layerSync.js';
import { lessonPasswordRefusal } from './errors.js';
import { applySnapshot, othersPublish, self, updateSelf } from './lesson.js';
import { enterParts } from './lessonParts.js';
import { admission, applyLobby } from './lobby.js';
import { featuredLayer, lastNetworkSample, resetRemoteMedia, setRemoteTracks } from './remoteMedia.js';
import { screenSharing } from './screenShare.js';
import { cameraAvailable, cameraOn, cameraTrack, connectSelfMedia, micAvailable, micOn, micTrack, setMicOn, stopLocalMedia } from './selfMedia.js';
import { wirePushes } from './sessionPushes.js';
import { SessionRoute } from './sessionRouting.js';

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
  /** The first sound the join entry opened before the app (client/joinEntry/handOver.ts): adopted instead of asking. */
  entryFirstSound?: Promise<FirstSound | null>;
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
  readonly #layers: LayerPreferenceSync;
  readonly #route: SessionRoute;
  readonly #disposers: Array<() => void> = [];
  #resumeToken = '';
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
  /** Taken at the first join. */
  #entryFirstSound: Promise<FirstSound | null> | null;

  constructor(params: SessionParams) {
    this.#params = params;
    this.#entryFirstSound = params.entryFirstSound ?? null;
    this.socket = new Socket({
      url: params.url,
      ...(params.createWebSocket ? { createWebSocket: params.createWebSocket } : {}),
      ...(params.requestTimeoutMs ? { requestTimeoutMs: params.requestTimeoutMs } : {}),
    });
    this.media = new MediaClient({
      signal: this.#mediaSignal(),
      firstSound: this.#firstSoundSignal(),
      ...(params.loadTransportController ? { loadTransportController: params.loadTransportController } : {}),
    });
    this.#route = new SessionRoute(params.url, this.socket, () => this.#closed);
    this.#layers = new LayerPreferenceSync({
      canSend: () => !this.#closed && this.#joinedOnSocket && phase.value === 'live',
      send: (preferences) => this.request({ type: 'setVideoPreferences', preferences }),
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
      markStep('ws-closed');
      this.#joinedOnSocket = false;
      // Our ticket tells whichever node answers whom we lost.
      this.#route.backToBalancer();
      if (phase.value === 'live' || phase.value === 'waiting') rejoining.value = true;
    });
    socket.on('final', ({ code }) => {
      const cause = this.#closeCause;
      this.#finish(finalReasonFromClose(code, cause?.reason ?? null), cause?.detail ?? '', code);
    });
    media.on('remoteTracks', (tracks) => setRemoteTracks(tracks));
    media.on('health', (health) => (mediaHealth.value = health));
    media.on('receiving', () => (mediaReceiving.value = true));
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
        this.#layers.queue();
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
    markStep('join-sent');
    try {
      const joining = this.socket.request({
        type: 'join',
        lessonId: this.#params.lessonId,
        joinToken: this.#params.joinToken,
        displayName: this.#params.displayName,
        lessonPassword: this.#params.lessonPassword ?? '',
        // Sent with the join token: within the grace period the server resumes us, after it
        // the token lets it start a new participant without asking the user again.
        resumeToken: this.#resumeToken,
        routeTicket: this.#route.ticket,
        micOn: micOn.value,
        cameraOn: cameraOn.value,
        // Only for the page's first media: later joins keep or restart what the controller has.
        mediaAtJoin: !this.#mediaStarted,
      });
      // The first sound (docs/weak-networks.md) goes right behind the join: the server answers
      // it after the join, without another round trip, when the join admitted us.
      // The join entry's join was answered with its own first sound: that one is kept instead.
      const entrySound = this.#entryFirstSound;
      this.#entryFirstSound = null;
      if (entrySound) this.media.adoptFirstSound(entrySound);
      else if (!this.#mediaStarted) this.media.askFirstSound();
      result = await joining;
    } catch (error) {
      if (error instanceof RedirectError && !this.#closed) {
        markStep('redirected');
        this.#route.follow(error);
      }
      else if (!this.#closed) this.#joinFailed(error, reconnect);
      return;
    }
    if (this.#closed) return;
    markStep('join-answered');
    this.#route.joined(result.routeTicket);
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
      this.#enterLesson(result.snapshot, result.serverTimeMs, !reconnect ? 'first' : sameParticipant ? 'resume' : 'new-participant', result.media);
    }
    this.#firstJoin?.resolve();
    this.#firstJoin = null;
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

  #enterLesson(snapshot: LessonSnapshot, serverTimeMs: number, mode: 'first' | 'resume' | 'new-participant', media: JoinResult['media'] = null): void {
    if (mode === 'new-participant') resetChat();
    // Back after a failover (a new participant on another node): the media set-up goes out
    // before the snapshot is applied, whose rendering (every tile anew) would run first
    // otherwise; on a busy page every step on the way back costs up to seconds (bench:failover).
    const restartedEarly = mode === 'new-participant' && this.#mediaStarted;
    if (restartedEarly) this.media.restartFresh(this.#iceServers, this.#rtpCapabilities);
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
    this.#layers.forget();
    if (!this.#mediaStarted) {
      this.#mediaStarted = true;
      void this.media.setSource('microphone', micTrack.value, micAvailable.value);
      void this.media.setSource('camera', cameraTrack.value, cameraAvailable.value);
      this.media.start(this.#iceServers, this.#rtpCapabilities, media, othersPublish(snapshot));
    } else if (mode === 'resume') {
      void this.media.afterResume();
    } else if (!restartedEarly) {
      this.media.restartFresh(this.#iceServers, this.#rtpCapabilities);
    }
    this.#layers.queue();
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

  #firstSoundSignal(): FirstSoundSignal {
    return {
      // Not gated on the join's answer like the others: it is sent right behind the join on purpose.
      firstSound: async () => (await this.socket.request({ type: 'firstSound' })).offer,
      firstSoundConnect: (transportId, dtlsParameters) => this.request({ type: 'firstSoundConnect', transportId, dtlsParameters }),
      firstSoundClose: (transportId) => this.request({ type: 'firstSoundClose', transportId }),
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
