/**
 * Packet accounting of one received RTP stream (one m-line of a subscriber) from the cleartext
 * RTP header: unique packets received vs packets expected from the sequence numbers, so that
 * loss = expected - received needs no NACK and no receiver report.
 *
 * - Sequence numbers are extended past the 16-bit wrap (RFC 3550 A.1): a step of less than
 *   2^15 forward is new, anything else is an older packet (reordered or duplicated).
 * - Duplicates (the same extended sequence number twice, e.g. a retransmission forwarded to
 *   everyone) are counted apart and never count as received twice; a 1024-packet history
 *   tells them from late packets. A packet older than that history is counted `tooOld` and
 *   not as received (we cannot tell whether it is a duplicate).
 * - A packet older than the first one seen extends the expected range backwards (reordering at
 *   the start is not loss).
 * - Each SSRC is accounted on its own (a source switch, or a publisher that reconnected), and
 *   the totals are the sums: SSRCs may even interleave.
 */

const HISTORY = 1024; // power of two
const EMPTY = -0x80000000; // no extended sequence number can be this

interface SsrcState {
  /** Lowest and highest extended sequence numbers received. */
  base: number;
  max: number;
  unique: number;
  history: Int32Array;
}

export interface StreamCounts {
  /** Every packet that arrived, duplicates included. */
  packets: number;
  /** Distinct packets (by SSRC and extended sequence number). */
  unique: number;
  /** Sum over SSRCs of (highest - lowest extended sequence number + 1). */
  expected: number;
  duplicates: number;
  /** Arrived after a packet with a higher sequence number (reordered, or duplicates). */
  late: number;
  tooOld: number;
  bytes: number;
  ssrcs: number;
}

export class StreamAccount {
  #packets = 0;
  #duplicates = 0;
  #late = 0;
  #tooOld = 0;
  #bytes = 0;
  readonly #bySsrc = new Map<number, SsrcState>();
  #last: { ssrc: number; state: SsrcState } | undefined;

  /** Accounts one packet; `bytes` is its size on the wire (for rates only). */
  onPacket(ssrc: number, seq: number, bytes = 0): void {
    this.#packets++;
    this.#bytes += bytes;
    let st: SsrcState | undefined;
    if (this.#last && this.#last.ssrc === ssrc) st = this.#last.state;
    else {
      st = this.#bySsrc.get(ssrc);
      if (!st) {
        st = { base: seq, max: seq, unique: 1, history: new Int32Array(HISTORY).fill(EMPTY) };
        st.history[seq & (HISTORY - 1)] = seq;
        this.#bySsrc.set(ssrc, st);
        this.#last = { ssrc, state: st };
        return;
      }
      this.#last = { ssrc, state: st };
    }
    const forward = (seq - st.max) & 0xffff;
    let ext: number;
    if (forward !== 0 && forward < 0x8000) {
      ext = st.max + forward;
      st.max = ext;
    } else {
      this.#late++;
      ext = st.max - ((st.max - seq) & 0xffff); // same or older
      if (st.max - ext >= HISTORY) {
        this.#tooOld++;
        return;
      }
    }
    const slot = ext & (HISTORY - 1);
    if (st.history[slot] === ext) {
      this.#duplicates++;
      return;
    }
    st.history[slot] = ext;
    if (ext < st.base) st.base = ext;
    st.unique++;
  }

  counts(): StreamCounts {
    let unique = 0;
    let expected = 0;
    for (const st of this.#bySsrc.values()) {
      unique += st.unique;
      expected += st.max - st.base + 1;
    }
    return {
      packets: this.#packets,
      unique,
      expected,
      duplicates: this.#duplicates,
      late: this.#late,
      tooOld: this.#tooOld,
      bytes: this.#bytes,
      ssrcs: this.#bySsrc.size,
    };
  }
}

/** Lost packets between two counts of the same stream (never negative). */
export function lostBetween(before: StreamCounts, after: StreamCounts): number {
  return Math.max(0, after.expected - before.expected - (after.unique - before.unique));
}
