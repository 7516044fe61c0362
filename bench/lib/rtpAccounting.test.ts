import { describe, expect, it } from 'vitest';
import { StreamAccount, lostBetween } from './rtpAccounting.js';

function feed(acc: StreamAccount, seqs: number[], ssrc = 1): void {
  for (const s of seqs) acc.onPacket(ssrc, s & 0xffff, 100);
}
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('StreamAccount', () => {
  it('counts an unbroken sequence as received with no loss', () => {
    const acc = new StreamAccount();
    feed(acc, range(1000, 500));
    expect(acc.counts()).toMatchObject({ packets: 500, unique: 500, expected: 500, duplicates: 0, late: 0, bytes: 50_000, ssrcs: 1 });
  });

  it('counts the gaps as lost', () => {
    const acc = new StreamAccount();
    feed(acc, [...range(0, 10), ...range(13, 7)]); // 10, 11, 12 missing
    const c = acc.counts();
    expect(c.expected - c.unique).toBe(3);
  });

  it('extends sequence numbers across the 16-bit wrap', () => {
    const acc = new StreamAccount();
    feed(acc, range(65_530, 20)); // 65530..65535, 0..13
    expect(acc.counts()).toMatchObject({ unique: 20, expected: 20, late: 0 });
  });

  it('keeps counting across several wraps, with a loss on each side of one', () => {
    const acc = new StreamAccount();
    const seqs = range(60_000, 3 * 65_536).filter((s) => s !== 65_535 && s !== 65_536 + 2);
    feed(acc, seqs);
    const c = acc.counts();
    expect(c.expected).toBe(3 * 65_536);
    expect(c.expected - c.unique).toBe(2);
  });

  it('counts a duplicate once and reports it', () => {
    const acc = new StreamAccount();
    feed(acc, [1, 2, 3, 3, 4, 2, 5]);
    expect(acc.counts()).toMatchObject({ packets: 7, unique: 5, expected: 5, duplicates: 2 });
  });

  it('does not count reordered packets as lost', () => {
    const acc = new StreamAccount();
    feed(acc, [1, 2, 4, 3, 5, 7, 6, 8]);
    expect(acc.counts()).toMatchObject({ unique: 8, expected: 8, duplicates: 0, late: 2 });
  });

  it('handles reordering across the wrap', () => {
    const acc = new StreamAccount();
    feed(acc, [65_533, 65_534, 0, 65_535, 1, 2]);
    expect(acc.counts()).toMatchObject({ unique: 6, expected: 6, late: 1 });
  });

  it('extends the expected range back for a packet older than the first one seen', () => {
    const acc = new StreamAccount();
    feed(acc, [10, 11, 9, 12]);
    expect(acc.counts()).toMatchObject({ unique: 4, expected: 4 });
    const wrapped = new StreamAccount();
    feed(wrapped, [2, 3, 65_535, 0, 1, 4]); // the first packet seen was after the wrap
    expect(wrapped.counts()).toMatchObject({ unique: 6, expected: 6 });
  });

  it('counts a packet too old to tell from a duplicate apart, not as received', () => {
    const acc = new StreamAccount();
    feed(acc, range(0, 3000));
    feed(acc, [5]);
    expect(acc.counts()).toMatchObject({ unique: 3000, expected: 3000, tooOld: 1 });
  });

  it('accounts each SSRC on its own, even interleaved', () => {
    const acc = new StreamAccount();
    feed(acc, range(100, 50), 0xaaaa);
    feed(acc, range(40_000, 30), 0xbbbb); // a new source with an unrelated sequence
    feed(acc, range(150, 10), 0xaaaa); // the first one again
    feed(acc, [40_031], 0xbbbb); // 40_030 lost
    const c = acc.counts();
    expect(c.ssrcs).toBe(2);
    expect(c.unique).toBe(91);
    expect(c.expected).toBe(92);
  });

  it('gives the loss of a window between two counts', () => {
    const acc = new StreamAccount();
    feed(acc, range(0, 100));
    const before = acc.counts();
    feed(acc, range(100, 100).filter((s) => s % 10 !== 0)); // 10 lost
    expect(lostBetween(before, acc.counts())).toBe(10);
  });
});
