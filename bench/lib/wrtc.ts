/**
 * The small part of @roamhq/wrtc (libwebrtc in Node) the bench uses, typed here because its own
 * typings rely on DOM types that the Node tsconfig does not load.
 */
import wrtcModule from '@roamhq/wrtc';

export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}
export interface MediaTrack {
  readonly id: string;
  readonly kind: string;
  stop(): void;
}
export interface RtpEncodingParameters {
  rid?: string;
  active?: boolean;
  maxBitrate?: number;
  maxFramerate?: number;
  scaleResolutionDownBy?: number;
}
export interface RtpSender {
  getParameters(): { encodings: RtpEncodingParameters[]; degradationPreference?: string; [k: string]: unknown };
  setParameters(p: unknown): Promise<void>;
}
export interface Transceiver {
  readonly mid: string | null;
  readonly sender: RtpSender;
  setCodecPreferences?(codecs: unknown[]): void;
}
export interface StatsEntry {
  type: string;
  [key: string]: unknown;
}
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}
export interface PeerConnection {
  readonly localDescription: SessionDescription | null;
  readonly connectionState: string;
  readonly iceConnectionState: string;
  readonly iceGatheringState: string;
  onicecandidate: ((e: { candidate: IceCandidateInit | null }) => void) | null;
  onconnectionstatechange: (() => void) | null;
  addTransceiver(track: MediaTrack, init: { direction: string; sendEncodings?: RtpEncodingParameters[] }): Transceiver;
  getTransceivers(): Transceiver[];
  createOffer(): Promise<SessionDescription>;
  setLocalDescription(d: SessionDescription): Promise<void>;
  setRemoteDescription(d: SessionDescription): Promise<void>;
  addIceCandidate(c: IceCandidateInit): Promise<void>;
  getStats(): Promise<{ forEach(cb: (s: StatsEntry) => void): void }>;
  close(): void;
}
export interface I420Frame {
  width: number;
  height: number;
  data: Uint8Array;
}
export interface VideoSource {
  createTrack(): MediaTrack;
  onFrame(f: I420Frame): void;
}
export interface AudioSource {
  createTrack(): MediaTrack;
  onData(d: { samples: Int16Array; sampleRate: number; bitsPerSample?: number; channelCount?: number; numberOfFrames?: number }): void;
}
export interface Wrtc {
  RTCPeerConnection: new (config: { iceServers: unknown[] }) => PeerConnection;
  RTCRtpSender: { getCapabilities(kind: string): { codecs: Array<{ mimeType: string }> } | null };
  nonstandard: {
    RTCVideoSource: new (init?: { isScreencast?: boolean; needsDenoising?: boolean }) => VideoSource;
    RTCAudioSource: new () => AudioSource;
  };
}

export const wrtc: Wrtc = wrtcModule;

/**
 * mediasoup-client (the transport bots) looks the WebRTC classes up as globals, as in a browser:
 * set wrtc's once, where the process has none.
 */
export function installWrtcGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  const w = wrtcModule as Record<string, unknown>;
  for (const name of ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'MediaStream', 'MediaStreamTrack', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver']) {
    if (g[name] === undefined && w[name] !== undefined) g[name] = w[name];
  }
}
