import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../platform/index.js';
import { srtpLibraryChosen } from './srtpMetric.js';

describe('classroom_sfu_srtp_library_info', () => {
  it('holds one series, set to 1 for the library in use', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    srtpLibraryChosen(registry, 'mediasoup', 'unknown');
    srtpLibraryChosen(registry, 'mediasoup', 'system');
    srtpLibraryChosen(registry, 'mediasoup', 'openssl');
    const text = await registry.metrics();
    expect(text).toContain('classroom_sfu_srtp_library_info{engine="mediasoup",library="openssl"} 1');
    expect(text).not.toContain('library="system"');
    expect(text).not.toContain('library="unknown"');
  });
});
