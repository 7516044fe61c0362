import { ortc } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { capabilitiesFromMediasoup, capabilitiesToMediasoup, parametersToMediasoup } from './ortcMapping.js';
import { ROUTER_MEDIA_CODECS, TRANSPORT_CC_URI, peerCapabilities } from './routerCodecs.js';

const routerCaps = () => ortc.generateRouterRtpCapabilities(ROUTER_MEDIA_CODECS);

describe('router capabilities offered to peers', () => {
  it('are Opus, VP8 and its RTX, with transport-cc unless it is turned off', () => {
    const caps = capabilitiesFromMediasoup(peerCapabilities(routerCaps(), true));
    expect(caps.codecs?.map((c) => c.mimeType)).toEqual(['audio/opus', 'video/VP8', 'video/rtx']);
    expect(caps.headerExtensions?.some((h) => h.uri === TRANSPORT_CC_URI)).toBe(true);
    const remb = capabilitiesFromMediasoup(peerCapabilities(routerCaps(), false));
    expect(remb.headerExtensions?.some((h) => h.uri === TRANSPORT_CC_URI)).toBe(false);
    expect(remb.codecs?.flatMap((c) => c.rtcpFeedback ?? []).some((f) => f.type === 'transport-cc')).toBe(false);
    expect(remb.codecs?.find((c) => c.mimeType === 'video/VP8')?.rtcpFeedback?.map((f) => f.type)).toContain('goog-remb');
  });

  it('round-trip through the engine vocabulary and mediasoup validation', () => {
    const caps = capabilitiesFromMediasoup(routerCaps());
    expect(() => capabilitiesToMediasoup(caps)).not.toThrow();
  });
});

describe('peer input mapped into mediasoup', () => {
  it('malformed capabilities and parameters throw TypeError (→ ValidationError)', () => {
    expect(() => capabilitiesToMediasoup({ codecs: [{ kind: 'video', mimeType: 'nonsense', clockRate: 90000 }] })).toThrow(TypeError);
    expect(() => capabilitiesToMediasoup(null as never)).toThrow(TypeError);
    expect(() => parametersToMediasoup({ codecs: [{ mimeType: 'video/VP8', payloadType: 'ninety-six' as never, clockRate: 90000 }] })).toThrow(TypeError);
    expect(() => parametersToMediasoup({ codecs: 'VP8' as never })).toThrow(TypeError);
  });

  it('copies the input (mediasoup normalizes in place; the caller keeps its value)', () => {
    const params = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] };
    const mapped = parametersToMediasoup(params);
    expect(mapped).not.toBe(params);
    expect(params).toEqual({ codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] });
  });
});
