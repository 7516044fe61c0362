/**
 * The receive side of a raw subscriber bot on a server that negotiates with transports
 * (mediasoup): no mediasoup-client Device and no libwebrtc, only werift (ICE, DTLS, SRTCP) and
 * mediasoup-client's public SDP helper. The server's receive transport and the consumers it
 * announces become a remote SDP offer (RemoteSdp, as mediasoup-client's own handlers build it);
 * werift answers it; the answer's DTLS fingerprint goes back as ConnectTransport; each consumer
 * is then resumed. The caller hooks werift's UDP transports to count packets cheaply, as for SDP.
 */
import { RemoteSdp } from 'mediasoup-client/handlers/sdp/RemoteSdp';
import type { types } from 'mediasoup-client';
import type * as Werift from 'werift';
import type { RtpCapabilities, TransportOptions } from '../../proto/index.js';
import { clientRtpParameters, clientTransportOptions } from './transportPublisher.js';
import type { BotConsumer, BotConsumersChange, TransportSignal } from './transportSignal.js';

/**
 * What the bot says it can receive: the router's Opus and VP8 (and VP8's rtx) with NACK/PLI/FIR
 * feedback and the mid extension only, like the SDP bots' werift codecs. No transport-cc or
 * REMB: the bot sends no feedback, so mediasoup forwards without bandwidth estimation and loss
 * is raw loss.
 */
export function botCapabilities(router: RtpCapabilities): RtpCapabilities {
  const wanted = (router.codecs ?? []).filter((c) => /^(audio\/opus|video\/vp8)$/i.test(c.mimeType));
  const vp8 = wanted.find((c) => /vp8/i.test(c.mimeType));
  const rtx = (router.codecs ?? []).filter((c) => /rtx$/i.test(c.mimeType) && vp8 && c.parameters?.['apt'] === vp8.preferredPayloadType);
  const feedback = (kind: string) => (kind === 'video' ? [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] : []);
  return {
    codecs: [...wanted, ...rtx].map((c) => ({ ...c, rtcpFeedback: /rtx$/i.test(c.mimeType) ? [] : feedback(c.kind) })),
    headerExtensions: (router.headerExtensions ?? []).filter((h) => h.uri === 'urn:ietf:params:rtp-hdrext:sdes:mid'),
  };
}

/** The local DTLS parameters of werift's answer (what mediasoup-client's extractDtlsParameters reads). */
export function answerDtls(sdp: string): types.DtlsParameters {
  const m = /^a=fingerprint:(\S+) (\S+)/m.exec(sdp);
  if (!m) throw new Error('no fingerprint in the answer');
  const algorithm = m[1]?.toLowerCase();
  if (algorithm !== 'sha-256' && algorithm !== 'sha-384' && algorithm !== 'sha-512' && algorithm !== 'sha-1' && algorithm !== 'sha-224') throw new Error(`fingerprint ${algorithm}`);
  return { role: 'client', fingerprints: [{ algorithm, value: m[2] ?? '' }] };
}

export class RawTransportReceiver {
  readonly #pc: Werift.RTCPeerConnection;
  readonly #signal: TransportSignal;
  readonly #sdp: RemoteSdp;
  readonly transportId: string;
  readonly #mids = new Map<string, string>(); // consumer id -> mid
  #nextMid = 0;
  #ready = false;

  constructor(pc: Werift.RTCPeerConnection, signal: TransportSignal, recv: TransportOptions) {
    this.#pc = pc;
    this.#signal = signal;
    this.transportId = recv.id;
    const o = clientTransportOptions(recv);
    this.#sdp = new RemoteSdp({ iceParameters: o.iceParameters, iceCandidates: o.iceCandidates, dtlsParameters: o.dtlsParameters });
  }

  /** Applies one ConsumersChanged: a new offer, werift's answer, ConnectTransport the first time, then ResumeConsumer. */
  async apply(change: BotConsumersChange): Promise<BotConsumer[]> {
    for (const id of change.removed) {
      const mid = this.#mids.get(id);
      this.#mids.delete(id);
      if (mid !== undefined) this.#sdp.closeMediaSection(mid);
    }
    const added = change.added.filter((c) => !this.#mids.has(c.id));
    for (const c of added) {
      // The server's mid when it gives one (mediasoup writes it in the packets' mid extension).
      const mid = c.rtpParameters.mid ?? `b${this.#nextMid++}`;
      this.#mids.set(c.id, mid);
      this.#sdp.receive({ mid, kind: c.kind, offerRtpParameters: clientRtpParameters(c.rtpParameters), streamId: c.rtpParameters.rtcp?.cname ?? '-', trackId: c.id });
    }
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: this.#sdp.getSdp() });
    const answer = await this.#pc.createAnswer();
    if (!this.#ready) {
      await this.#signal.connectTransport('recv', answerDtls(answer.sdp));
      this.#sdp.updateDtlsRole('server');
      this.#ready = true;
    }
    await this.#pc.setLocalDescription(answer);
    for (const c of added) await this.#signal.resumeConsumer(c.id);
    return added;
  }
}
