/**
 * Just enough VP8 RTP payload parsing (RFC 7741) to tell a keyframe and its size from a
 * decrypted packet: which layer a subscriber receives, and proof that what arrives is real VP8.
 */

/** Offset of the RTP payload in a (decrypted) RTP packet, or -1 when the packet is malformed. */
export function rtpPayloadOffset(p: Uint8Array): number {
  if (p.length < 12 || (p[0] as number) >> 6 !== 2) return -1;
  let off = 12 + 4 * ((p[0] as number) & 0x0f);
  if ((p[0] as number) & 0x10) {
    if (p.length < off + 4) return -1;
    const words = ((p[off + 2] as number) << 8) | (p[off + 3] as number);
    off += 4 + 4 * words;
  }
  return off <= p.length ? off : -1;
}

/** Width and height of a VP8 keyframe that starts in this payload; undefined otherwise. */
export function vp8KeyframeSize(payload: Uint8Array): { width: number; height: number } | undefined {
  if (payload.length < 1) return undefined;
  const b0 = payload[0] as number;
  const start = (b0 & 0x10) !== 0 && (b0 & 0x07) === 0; // S bit, partition index 0
  if (!start) return undefined;
  let i = 1;
  if (b0 & 0x80) {
    const x = payload[i++] ?? 0;
    if (x & 0x80) i += (payload[i] ?? 0) & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    if (x & 0x40) i += 1; // TL0PICIDX
    if (x & 0x30) i += 1; // TID/Y/KEYIDX
  }
  // VP8 frame header: 3-byte frame tag (bit 0 = 0 for a keyframe), then 9d 01 2a and the sizes
  if (payload.length < i + 10) return undefined;
  if (((payload[i] as number) & 0x01) !== 0) return undefined;
  if (payload[i + 3] !== 0x9d || payload[i + 4] !== 0x01 || payload[i + 5] !== 0x2a) return undefined;
  const width = (((payload[i + 7] as number) << 8) | (payload[i + 6] as number)) & 0x3fff;
  const height = (((payload[i + 9] as number) << 8) | (payload[i + 8] as number)) & 0x3fff;
  return { width, height };
}
