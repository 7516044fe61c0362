import { FakeMediaStreamTrack } from './FakeMediaStreamTrack.js';

/** What a first sound's RTCPeerConnection is asked: the offer, the answer, and whether it was closed. */
export class FakePeerConnection extends EventTarget {
  remote = '';
  closed = false;
  connectionState: RTCPeerConnectionState = 'new';
  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.remote = d.sdp ?? '';
  }
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: 'v=0\r\na=setup:active\r\na=fingerprint:sha-256 AA:BB\r\n' };
  }
  async setLocalDescription(): Promise<void> {
    // The browser would start ICE and then fire 'track' for the offered section.
    const track = new FakeMediaStreamTrack('audio');
    this.dispatchEvent(Object.assign(new Event('track'), { track }));
  }
  async getStats(): Promise<Map<string, unknown>> {
    return new Map([['in', { id: 'in', type: 'inbound-rtp', kind: 'audio', mid: '0', packetsReceived: 7, packetsLost: 0, bytesReceived: 700, totalSamplesReceived: 960, concealedSamples: 0 }]]);
  }
  close(): void {
    this.closed = true;
  }
}

