// sdp-transform (a dependency of mediasoup-client) ships no types; the first sound's test parses
// its offer with it, to compare with mediasoup-client's own SDP.
declare module 'sdp-transform' {
  export function parse(sdp: string): Record<string, unknown>;
}
