import { describe, expect, it } from 'vitest';
import { classify } from './cpu.js';

describe('failover CPU classes', () => {
  it('tells the pages’ processes from the nodes’, the workers’ and the services’', () => {
    expect(classify('chromium', ['/usr/lib/chromium/chromium', '--type=renderer', '--lang=vi'])).toBe('chromium renderers');
    expect(classify('chromium', ['/usr/lib/chromium/chromium', '--type=gpu-process'])).toBe('chromium browser/gpu/utility');
    expect(classify('chromium', ['/usr/lib/chromium/chromium', '--headless', '--no-sandbox'])).toBe('chromium browser/gpu/utility');
    // a renderer's comm can be a thread-pool name; the command line still says Chromium
    expect(classify('ThreadPoolForeg', ['/usr/lib/chromium/chromium', '--type=renderer'])).toBe('chromium renderers');
    expect(classify('mediasoup-worke', ['/root/.cache/lophoc/mediasoup-worker', '--logLevel=warn'])).toBe('mediasoup workers');
    expect(classify('node', ['/usr/bin/node', '--import', 'tsx', '/work/x/signaling/bin.ts', '--config', 'c.json'])).toBe('signaling nodes');
    expect(classify('nginx', ['nginx: worker process'])).toBe('nginx/postgres/redis');
    expect(classify('postgres', ['postgres: postgres postgres 127.0.0.1(48110) idle'])).toBe('nginx/postgres/redis');
    expect(classify('redis-server', ['/usr/bin/redis-server', '127.0.0.1:6390'])).toBe('nginx/postgres/redis');
    expect(classify('node', ['/usr/bin/node', '--import', 'tsx', 'bench/failover/main.ts'])).toBe('bench');
  });
});
