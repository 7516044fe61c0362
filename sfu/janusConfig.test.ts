import { describe, expect, it } from 'vitest';
import { ValidationError } from '../platform/index.js';
import { resolveJanusOptions } from './JanusMediaEngineTypes.js';
import { KNOWN_MODULES, modulesToDisable, portSlice, renderInstanceConfig, type InstanceRuntime } from './janusConfig.js';

const runtime = (over: Partial<InstanceRuntime> = {}): InstanceRuntime => ({
  index: 1,
  dir: '/run/sfu/janus-1',
  wsPort: 41234,
  apiSecret: 'api-secret-1',
  adminKey: 'admin-key-1',
  foundModules: { plugins: ['libjanus_videoroom.so', 'libjanus_new_shiny.so', 'libjanus_new_shiny.so.1'], transports: [], events: [], loggers: [] },
  ...over,
});

const entry = (text: string, key: string) => new RegExp(`^\\t${key} = (.*)$`, 'm').exec(text)?.[1];

describe('Janus config generation', () => {
  it('janus.jcfg points at the instance folder, logs there, and uses its port slice and event loops', () => {
    const o = resolveJanusOptions({ runtimeDir: '/run/sfu', instances: 4, eventLoops: 2, rtpPortRange: [20000, 39999] });
    const jcfg = renderInstanceConfig(o, runtime())['janus.jcfg'];
    expect(entry(jcfg, 'configs_folder')).toBe('"/run/sfu/janus-1"');
    expect(entry(jcfg, 'log_to_file')).toBe('"/run/sfu/janus-1/janus.log"');
    expect(entry(jcfg, 'log_to_stdout')).toBe('false');
    expect(entry(jcfg, 'debug_level')).toBe('4');
    expect(entry(jcfg, 'event_loops')).toBe('2');
    expect(entry(jcfg, 'rtp_port_range')).toBe('"25000-29999"');
    expect(entry(jcfg, 'session_timeout')).toBe('60');
    expect(entry(jcfg, 'no_media_timer')).toBe('2');
    expect(entry(jcfg, 'api_secret')).toBe('"api-secret-1"');
    expect(entry(jcfg, 'plugins_folder')).toBe('"/usr/lib/x86_64-linux-gnu/janus/plugins"');
  });

  it('only the VideoRoom plugin and the WebSockets transport stay enabled, new modules included', () => {
    const o = resolveJanusOptions({ runtimeDir: '/run/sfu', instances: 1 });
    const jcfg = renderInstanceConfig(o, runtime())['janus.jcfg'];
    const disabled = (section: string) => new RegExp(`\\n${section}: \\{[^}]*?\\tdisable = "([^"]*)"`).exec(jcfg)?.[1]?.split(',') ?? [];
    const plugins = disabled('plugins');
    expect(plugins).not.toContain('libjanus_videoroom.so');
    expect(plugins).toContain('libjanus_new_shiny.so');
    expect(plugins).not.toContain('libjanus_new_shiny.so.1'); // Janus only loads *.so
    for (const p of KNOWN_MODULES.plugins.filter((n) => n !== 'libjanus_videoroom.so')) expect(plugins).toContain(p);
    expect(disabled('transports')).toEqual(KNOWN_MODULES.transports.filter((n) => n !== 'libjanus_websockets.so'));
    expect(disabled('events')).toEqual([...KNOWN_MODULES.events]);
    expect(disabled('loggers')).toEqual([...KNOWN_MODULES.loggers]);
    expect(jcfg).toMatch(/events: \{\n\tbroadcast = false/);
  });

  it('the WebSockets transport listens on loopback only, without the admin API', () => {
    const o = resolveJanusOptions({ runtimeDir: '/run/sfu' });
    const ws = renderInstanceConfig(o, runtime())['janus.transport.websockets.jcfg'];
    expect(entry(ws, 'ws')).toBe('true');
    expect(entry(ws, 'ws_port')).toBe('41234');
    expect(entry(ws, 'ws_ip')).toBe('"127.0.0.1"');
    expect(entry(ws, 'wss')).toBe('false');
    expect(entry(ws, 'admin_ws')).toBe('false');
    expect(entry(ws, 'admin_wss')).toBe('false');
  });

  it('the VideoRoom config carries the per-start admin key and no room', () => {
    const o = resolveJanusOptions({ runtimeDir: '/run/sfu' });
    const vr = renderInstanceConfig(o, runtime())['janus.plugin.videoroom.jcfg'];
    expect(entry(vr, 'admin_key')).toBe('"admin-key-1"');
    expect(entry(vr, 'lock_rtp_forward')).toBe('true');
    expect(vr).not.toMatch(/room-/);
  });

  it('NAT section: enforce list, public IP, STUN, ICE-TCP with ICE-Lite', () => {
    const plain = renderInstanceConfig(resolveJanusOptions({ runtimeDir: '/r' }), runtime())['janus.jcfg'];
    expect(entry(plain, 'ice_enforce_list')).toBeUndefined();
    expect(entry(plain, 'nat_1_1_mapping')).toBeUndefined();
    expect(entry(plain, 'ice_tcp')).toBeUndefined();
    expect(entry(plain, 'ice_ignore_list')).toBe('"vmnet"');

    const o = resolveJanusOptions({
      runtimeDir: '/r',
      iceEnforceList: 'eth0, eth1',
      publicIp: '203.0.113.7',
      stunServer: 'stun.example.org:3478',
      iceTcp: true,
    });
    const jcfg = renderInstanceConfig(o, runtime())['janus.jcfg'];
    expect(entry(jcfg, 'ice_enforce_list')).toBe('"eth0,eth1"');
    expect(entry(jcfg, 'nat_1_1_mapping')).toBe('"203.0.113.7"');
    expect(entry(jcfg, 'keep_private_host')).toBe('false');
    expect(entry(jcfg, 'stun_server')).toBe('"stun.example.org"');
    expect(entry(jcfg, 'stun_port')).toBe('3478');
    expect(entry(jcfg, 'ice_lite')).toBe('true');
    expect(entry(jcfg, 'ice_tcp')).toBe('true');
  });

  it('portSlice() gives each instance an equal, disjoint slice and refuses tiny ones', () => {
    const range = { min: 20000, max: 40000 };
    const slices = [0, 1, 2].map((i) => portSlice(range, 3, i));
    expect(slices).toEqual([
      { min: 20000, max: 26666 },
      { min: 26667, max: 33333 },
      { min: 33334, max: 40000 },
    ]);
    expect(portSlice({ min: 5000, max: 5015 }, 1, 0)).toEqual({ min: 5000, max: 5015 });
    expect(() => portSlice({ min: 5000, max: 5030 }, 2, 0)).toThrow(ValidationError);
  });

  it('modulesToDisable() keeps only the named module', () => {
    expect(modulesToDisable('loggers', ['libjanus_jsonlog.so', 'libjanus_other.so'])).toEqual(['libjanus_jsonlog.so', 'libjanus_other.so']);
    expect(modulesToDisable('transports', [], 'libjanus_websockets.so')).not.toContain('libjanus_websockets.so');
  });

  it('refuses values that would break out of a config string', () => {
    expect(() => resolveJanusOptions({ runtimeDir: '/r', publicIp: '1.2.3.4"\nadmin' })).toThrow(ValidationError);
    const o = resolveJanusOptions({ runtimeDir: '/r' });
    expect(() => renderInstanceConfig(o, runtime({ dir: '/tmp/a"b' }))).toThrow(ValidationError);
  });
});
