/**
 * The receiving side of a first sound (MediaRoom.listen, docs/protocol.md "The first sound") as a
 * join page without mediasoup-client does it: the page's own SDP writer (client/media/firstSound)
 * makes the offer of one audio m-line from the transport and consumer, werift answers it (ICE,
 * DTLS, SRTP), its fingerprint goes back as the connect. For integration tests of the engine and of the signaling.
 */
import { createRequire } from 'node:module';
import type * as Werift from 'werift';
import { firstSoundAnswerDtls, firstSoundOffer } from '../client/media/firstSound/firstSoundSdp.js';
import type { DtlsParameters, RtpParameters, TransportOptions } from '../sfu/index.js';

// The CommonJS build, as bench/lib/rawSubscriber.ts takes it.
const werift = createRequire(import.meta.url)('werift') as typeof Werift;
const pcs: Werift.RTCPeerConnection[] = [];

/** What a FirstSoundResponse (or a StreamListener) gives the page. */
export interface FirstSoundOffer {
  transport: Omit<TransportOptions, 'direction'>;
  consumer: { rtpParameters: RtpParameters };
}

/** Answers the listener's offer with werift; resolves with the answer's DTLS parameters and a packet counter. */
export async function receiveFirstSound(l: FirstSoundOffer): Promise<{ dtls: DtlsParameters; packets: () => number }> {
  const pc = new werift.RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    codecs: { audio: [new werift.RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })], video: [] },
  });
  pcs.push(pc);
  let packets = 0;
  pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => packets++));
  // The page's own SDP writer: these tests check it against the real engine too.
  const consumer = { id: 'first-sound', participantId: 'teacher', kind: 'audio', rtpParameters: l.consumer.rtpParameters };
  await pc.setRemoteDescription({ type: 'offer', sdp: firstSoundOffer(l.transport, consumer) });
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  const dtls = firstSoundAnswerDtls(answer.sdp);
  return { dtls: { role: 'client', fingerprints: dtls.fingerprints }, packets: () => packets };
}

/** Closes every receiver made so far (afterAll). */
export async function closeFirstSoundReceivers(): Promise<void> {
  for (const pc of pcs.splice(0)) await pc.close().catch(() => undefined);
}
