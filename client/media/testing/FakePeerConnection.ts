import { FakeMediaStreamTrack } from './FakeMediaStreamTrack.js';

/*
 * A typed RTCPeerConnection for tests. It speaks a tiny SDP dialect: one m= line per
 * transceiver with `a=mid:` and a direction attribute, enough to check what the client offers
 * and answers, which mids it maps, and how it reacts to connection state changes. Members the
 * client does not use throw.
 */

function notUsed(name: string): never {
  throw new Error(`FakePeerConnection: ${name} is not used by the client`);
}

export class FakeRtpSender implements RTCRtpSender {
  readonly dtmf = null;
  readonly transport = null;
  transform: RTCRtpTransform | null = null;
  replaced: Array<MediaStreamTrack | null> = [];

  constructor(
    public track: MediaStreamTrack | null,
    readonly encodings: RTCRtpEncodingParameters[],
  ) {}

  getParameters(): RTCRtpSendParameters {
    return { encodings: this.encodings, transactionId: 't', codecs: [], headerExtensions: [], rtcp: {} };
  }

  getStats(): Promise<RTCStatsReport> {
    return notUsed('sender.getStats');
  }

  replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.track = track;
    this.replaced.push(track);
    return Promise.resolve();
  }

  setParameters(): Promise<void> {
    return Promise.resolve();
  }

  setStreams(): void {}
}

export class FakeRtpReceiver implements RTCRtpReceiver {
  readonly transport = null;
  transform: RTCRtpTransform | null = null;
  jitterBufferTarget: number | null = null;

  constructor(readonly track: MediaStreamTrack) {}

  getContributingSources(): RTCRtpContributingSource[] {
    return [];
  }

  getParameters(): RTCRtpReceiveParameters {
    return { codecs: [], headerExtensions: [], rtcp: {} };
  }

  getStats(): Promise<RTCStatsReport> {
    return notUsed('receiver.getStats');
  }

  getSynchronizationSources(): RTCRtpSynchronizationSource[] {
    return [];
  }
}

export class FakeTransceiver implements RTCRtpTransceiver {
  mid: string | null = null;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  codecPreferences: RTCRtpCodec[] = [];
  readonly receiver: FakeRtpReceiver;

  constructor(
    readonly kind: 'audio' | 'video',
    public direction: RTCRtpTransceiverDirection,
    readonly sender: FakeRtpSender,
  ) {
    this.receiver = new FakeRtpReceiver(new FakeMediaStreamTrack(kind));
  }

  setCodecPreferences(codecs: Iterable<RTCRtpCodec>): void {
    this.codecPreferences = [...codecs];
  }

  stop(): void {
    this.currentDirection = 'stopped';
  }
}

interface MediaSection {
  kind: 'audio' | 'video';
  mid: string;
  direction: RTCRtpTransceiverDirection;
}

/** Builds an SDP in the fake's dialect. */
export function fakeSdp(sections: readonly MediaSection[]): string {
  return ['v=0', ...sections.flatMap((s) => [`m=${s.kind} 9 UDP/TLS/RTP/SAVPF 96`, `a=mid:${s.mid}`, `a=${s.direction}`])].join('\r\n') + '\r\n';
}

export function parseFakeSdp(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) sections.push({ kind: line.startsWith('m=audio') ? 'audio' : 'video', mid: '', direction: 'sendrecv' });
    const current = sections[sections.length - 1];
    if (!current) continue;
    if (line.startsWith('a=mid:')) current.mid = line.slice(6);
    if (/^a=(sendonly|recvonly|sendrecv|inactive)$/.test(line)) current.direction = line.slice(2) as RTCRtpTransceiverDirection;
  }
  return sections;
}

const answerDirection: Record<RTCRtpTransceiverDirection, RTCRtpTransceiverDirection> = {
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  sendrecv: 'sendrecv',
  inactive: 'inactive',
  stopped: 'stopped',
};

export class FakePeerConnection extends EventTarget implements RTCPeerConnection {
  static readonly instances: FakePeerConnection[] = [];

  readonly canTrickleIceCandidates = true;
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescription | null = null;
  remoteDescription: RTCSessionDescription | null = null;
  currentLocalDescription: RTCSessionDescription | null = null;
  currentRemoteDescription: RTCSessionDescription | null = null;
  pendingLocalDescription: RTCSessionDescription | null = null;
  pendingRemoteDescription: RTCSessionDescription | null = null;
  readonly sctp = null;
  onconnectionstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null = null;
  ondatachannel: ((this: RTCPeerConnection, ev: RTCDataChannelEvent) => unknown) | null = null;
  onicecandidate: ((this: RTCPeerConnection, ev: RTCPeerConnectionIceEvent) => unknown) | null = null;
  onicecandidateerror: ((this: RTCPeerConnection, ev: RTCPeerConnectionIceErrorEvent) => unknown) | null = null;
  oniceconnectionstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null = null;
  onicegatheringstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null = null;
  onnegotiationneeded: ((this: RTCPeerConnection, ev: Event) => unknown) | null = null;
  onsignalingstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null = null;
  ontrack: ((this: RTCPeerConnection, ev: RTCTrackEvent) => unknown) | null = null;

  readonly transceivers: FakeTransceiver[] = [];
  closed = false;
  /** Test hooks: make the next setRemoteDescription fail. */
  failNextRemoteDescription = false;
  /** Stats the test wants getStats() to report. */
  stats: Array<{ type: string; id: string; [field: string]: unknown }> = [];

  constructor(readonly config: RTCConfiguration) {
    super();
    FakePeerConnection.instances.push(this);
  }

  addTransceiver(trackOrKind: MediaStreamTrack | string, init?: RTCRtpTransceiverInit): RTCRtpTransceiver {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    if (kind !== 'audio' && kind !== 'video') throw new TypeError(`bad kind ${kind}`);
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const sender = new FakeRtpSender(track, (init?.sendEncodings ?? [{}]).map((e) => ({ ...e })));
    const transceiver = new FakeTransceiver(kind, init?.direction ?? 'sendrecv', sender);
    this.transceivers.push(transceiver);
    return transceiver;
  }

  getTransceivers(): RTCRtpTransceiver[] {
    return [...this.transceivers];
  }

  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit>;
  createOffer(success: RTCSessionDescriptionCallback, failure: RTCPeerConnectionErrorCallback, options?: RTCOfferOptions): Promise<void>;
  createOffer(): Promise<RTCSessionDescriptionInit | void> {
    const sections = this.transceivers.map((t, i) => ({ kind: t.kind, mid: t.mid ?? String(i), direction: t.direction }));
    return Promise.resolve({ type: 'offer', sdp: fakeSdp(sections) });
  }

  createAnswer(options?: RTCAnswerOptions): Promise<RTCSessionDescriptionInit>;
  createAnswer(success: RTCSessionDescriptionCallback, failure: RTCPeerConnectionErrorCallback): Promise<void>;
  createAnswer(): Promise<RTCSessionDescriptionInit | void> {
    const remote = parseFakeSdp(this.remoteDescription?.sdp ?? '');
    return Promise.resolve({ type: 'answer', sdp: fakeSdp(remote.map((s) => ({ ...s, direction: answerDirection[s.direction] }))) });
  }

  setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void> {
    if (this.closed) return Promise.reject(new DOMException('closed', 'InvalidStateError'));
    const init = { type: description?.type ?? 'offer', sdp: description?.sdp ?? '' };
    this.localDescription = { ...init, toJSON: () => init };
    if (init.type === 'offer') {
      this.transceivers.forEach((t, i) => (t.mid ??= String(i)));
      this.signalingState = 'have-local-offer';
    } else {
      this.#applyAnswerDirections();
      this.signalingState = 'stable';
    }
    return Promise.resolve();
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (this.closed) return Promise.reject(new DOMException('closed', 'InvalidStateError'));
    if (this.failNextRemoteDescription) {
      this.failNextRemoteDescription = false;
      return Promise.reject(new DOMException('bad sdp', 'OperationError'));
    }
    const init = { type: description.type ?? 'offer', sdp: description.sdp ?? '' };
    this.remoteDescription = { ...init, toJSON: () => init };
    if (init.type === 'answer') {
      for (const t of this.transceivers) t.currentDirection = t.direction;
      this.signalingState = 'stable';
      return Promise.resolve();
    }
    for (const section of parseFakeSdp(init.sdp)) {
      if (!this.transceivers.some((t) => t.mid === section.mid)) {
        const t = new FakeTransceiver(section.kind, 'recvonly', new FakeRtpSender(null, [{}]));
        t.mid = section.mid;
        this.transceivers.push(t);
      }
    }
    this.signalingState = 'have-remote-offer';
    return Promise.resolve();
  }

  #applyAnswerDirections(): void {
    for (const section of parseFakeSdp(this.localDescription?.sdp ?? '')) {
      const t = this.transceivers.find((x) => x.mid === section.mid);
      if (t) t.currentDirection = section.direction;
    }
  }

  /** Test hook: the ICE agent found a candidate (null: gathering complete). */
  emitCandidate(candidate: string | null, sdpMid = '0'): void {
    const value = candidate === null ? null : ({ candidate, sdpMid, sdpMLineIndex: 0 } as RTCIceCandidate);
    this.onicecandidate?.call(this, { candidate: value } as RTCPeerConnectionIceEvent);
  }

  /** Test hook: the connection changed state. */
  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.call(this, new Event('connectionstatechange'));
  }

  getStats(): Promise<RTCStatsReport> {
    const map = new Map(this.stats.map((s) => [s.id, s]));
    return Promise.resolve(map);
  }

  close(): void {
    this.closed = true;
    this.connectionState = 'closed';
    this.signalingState = 'closed';
  }

  addIceCandidate(): Promise<void> {
    return Promise.resolve();
  }
  addTrack(): RTCRtpSender {
    return notUsed('addTrack');
  }
  createDataChannel(): RTCDataChannel {
    return notUsed('createDataChannel');
  }
  getConfiguration(): RTCConfiguration {
    return this.config;
  }
  getReceivers(): RTCRtpReceiver[] {
    return this.transceivers.map((t) => t.receiver);
  }
  getSenders(): RTCRtpSender[] {
    return this.transceivers.map((t) => t.sender);
  }
  removeTrack(): void {
    notUsed('removeTrack');
  }
  restartIce(): void {
    notUsed('restartIce');
  }
  setConfiguration(): void {
    notUsed('setConfiguration');
  }
}

/** A PeerConnectionFactory over FakePeerConnection. */
export function fakePeerConnections(): { factory: (config: RTCConfiguration) => RTCPeerConnection; all: FakePeerConnection[] } {
  const all: FakePeerConnection[] = [];
  return {
    all,
    factory: (config) => {
      const pc = new FakePeerConnection(config);
      all.push(pc);
      return pc;
    },
  };
}
