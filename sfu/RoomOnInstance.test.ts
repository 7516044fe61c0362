import { describe, expect, it } from 'vitest';
import { resolveJanusOptions } from './JanusMediaEngineTypes.js';
import { roomCreateRequest } from './RoomOnInstance.js';

describe('room creation parameters', () => {
  it('VP8 + Opus, talking events, a REMB cap, transport-wide CC off by default, private and secret-protected', () => {
    const o = resolveJanusOptions({ runtimeDir: '/r', roomBitrateBps: 1_500_000 });
    expect(roomCreateRequest(o, 42, 'room-secret', 'admin')).toMatchObject({
      request: 'create',
      room: 42,
      admin_key: 'admin',
      secret: 'room-secret',
      permanent: false,
      is_private: true,
      audiocodec: 'opus',
      videocodec: 'vp8',
      bitrate: 1_500_000,
      bitrate_cap: true,
      transport_wide_cc_ext: false,
      audiolevel_event: true,
      audio_active_packets: 50,
      audio_level_average: 25,
      record: false,
    });
    expect(roomCreateRequest(resolveJanusOptions({ runtimeDir: '/r', transportWideCc: true }), 1, 's', 'a').transport_wide_cc_ext).toBe(true);
  });
});
