import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/index.js';
import { configSchema } from './config.js';

describe('server configuration', () => {
  it('an empty configuration gives the documented defaults', () => {
    const c = loadConfig(configSchema, {});
    expect(c.http.port).toBe(8080);
    expect(c.signaling.maxPayloadBytes).toBe(128 * 1024);
    expect(c.lesson.reconnectGraceMs).toBe(20_000);
    expect(c.demo.enabled).toBe(true);
    expect(c.media.engine).toBe('mediasoup');
    expect(c.media.srtpLibrary).toBe('auto');
    expect(c.media.mediasoup).toEqual({ listenIp: '0.0.0.0', port: 40000, transportWideCc: true, workerLogLevel: 'warn' });
  });

  it('config.example.json is valid and names every section', () => {
    const example = JSON.parse(readFileSync(new URL('../config.example.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const parsed = loadConfig(configSchema, { overrides: example });
    expect(Object.keys(example).sort()).toEqual(Object.keys(parsed).sort());
  });

  it('refuses unknown keys and wrong types with the path of each problem', () => {
    expect(() => loadConfig(configSchema, { overrides: { http: { prot: 1 } } })).toThrow(/http/);
    expect(() => loadConfig(configSchema, { overrides: { media: { instances: 'many' } } })).toThrow(/media\.instances/);
    expect(() => loadConfig(configSchema, { overrides: { media: { engine: 'kurento' } } })).toThrow(/media\.engine/);
    expect(() => loadConfig(configSchema, { overrides: { media: { srtpLibrary: 'nss' } } })).toThrow(/media\.srtpLibrary/);
    expect(() => loadConfig(configSchema, { overrides: { media: { mediasoup: { ports: 1 } } } })).toThrow(/media\.mediasoup/);
  });

  it('a config written for the Janus engine is refused with what to do, key by key', () => {
    expect(() => loadConfig(configSchema, { overrides: { media: { engine: 'janus' } } })).toThrow(/media\.engine.*Janus engine was removed.*mediasoup is the only media engine/s);
    expect(() => loadConfig(configSchema, { overrides: { media: { janusBinary: '/usr/bin/janus' } } })).toThrow(/media\.janusBinary.*removed.*Janus engine/s);
    expect(() => loadConfig(configSchema, { overrides: { media: { rtpPortMin: 20000 } } })).toThrow(/media\.rtpPortMin.*media\.mediasoup\.port/s);
    expect(() => loadConfig(configSchema, { overrides: { signaling: { maxOfferMLines: 16 } } })).toThrow(/signaling\.maxOfferMLines.*removed/s);
    expect(loadConfig(configSchema, { overrides: { media: { engine: 'mediasoup' } } }).media.engine).toBe('mediasoup');
  });

  it('environment variables override the file', () => {
    const c = loadConfig(configSchema, { env: { CLASSROOM__LESSON__RECONNECT_GRACE_MS: '5000' } });
    expect(c.lesson.reconnectGraceMs).toBe(5000);
  });
});
