import { describe, expect, it } from 'vitest';
import { profileShares } from './profile.js';

// Three samples in the shape of `perf script -F comm,tid,time,ip,sym,dso`: a receive-path
// softirq inside the worker's sendmsg, an NSS leaf, and a worker leaf.
const SCRIPT = `mediasoup-worke 28968 74079.540210: 
\tffffffff81eb9c72 dst_release ([kernel.kallsyms])
\tffffffff81eafc83 process_backlog ([kernel.kallsyms])
\tffffffff81eb094e net_rx_action ([kernel.kallsyms])
\tffffffff8209cb00 udp_sendmsg ([kernel.kallsyms])
\t          10ac4d __libc_sendmsg (/usr/lib/x86_64-linux-gnu/libc.so.6)

mediasoup-worke 28968 74079.536134: 
\t           1c532 [unknown] (/usr/lib/x86_64-linux-gnu/libfreeblpriv3.so)

mediasoup-worke 28968 74079.481356: 
\t          10aa32 RTC::RtpDataCounter::Update+0x12 (/root/.cache/lophoc/mediasoup-worker-x/mediasoup-worker)
\t    562520fcd4a0 [unknown] ([unknown])

mediasoup-worke 28968 74079.481357: 
\t          10aa32 srtp_protect_mki (/root/.cache/lophoc/libsrtp2-x/lib/libsrtp2.so.1)
`;

describe('bench:fanout --profile shares', () => {
  it('counts delivery by the receive path anywhere in the stack, SRTP and kernel by the leaf frame', () => {
    const s = profileShares(SCRIPT);
    expect(s).toMatchObject({ samples: 4, deliveryPct: 25, srtpPct: 50, kernelPct: 25 });
    expect(s.top).toEqual([
      { dso: '[kernel]', pct: 25 },
      { dso: 'libfreeblpriv3.so', pct: 25 },
      { dso: 'mediasoup-worker', pct: 25 },
      { dso: 'libsrtp2.so.1', pct: 25 },
    ]);
  });

  it('a send without a receive path is not delivery; an empty profile has no samples', () => {
    const sendOnly = SCRIPT.split('\n\n')[0]!.replace(/.*(process_backlog|net_rx_action).*\n/g, '');
    expect(profileShares(sendOnly)).toMatchObject({ samples: 1, deliveryPct: 0, kernelPct: 100 });
    expect(profileShares('')).toEqual({ samples: 0, deliveryPct: 0, srtpPct: 0, kernelPct: 0, top: [] });
  });
});
