import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const HERE = import.meta.dirname;
const PATCH = join(HERE, 'patch-mediasoup-worker.py');
const COMPAT = join(HERE, 'srtp-compat.h');
const PACKAGE_WORKER = join(HERE, '../../node_modules/mediasoup/worker');
const FILES = [
  'meson.build',
  'meson_options.txt',
  'fbs/meson.build',
  'deps/libwebrtc/meson.build',
  'src/RTC/DtlsTransport.cpp',
  'src/RTC/WebRtcTransport.cpp',
  'src/RTC/PlainTransport.cpp',
  'src/RTC/PipeTransport.cpp',
];

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the package's meson files (never the package itself). */
function copyOfPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ms-patch-'));
  dirs.push(dir);
  for (const f of FILES) cpSync(join(PACKAGE_WORKER, f), join(dir, f));
  return dir;
}

function patch(dir: string) {
  const r = spawnSync('python3', [PATCH, dir, COMPAT], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries([...FILES, 'srtp-compat/srtp.h'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

// Each case spawns python3 once or twice: quick alone, seconds on a loaded 2-core box.
describe('patch-mediasoup-worker.py', { timeout: 30_000 }, () => {
  it('swaps the wrap subprojects for system dependencies and orders libwebrtc after the FlatBuffers headers', () => {
    const dir = copyOfPackage();
    const r = patch(dir);
    expect(r.code, r.out).toBe(0);
    const meson = readFileSync(join(dir, 'meson.build'), 'utf8');
    expect(meson).not.toMatch(/subproject\(\s*'(libuv|openssl|libsrtp3|usrsctp|abseil-cpp|flatbuffers)'/);
    expect(meson).toContain("dependency('libsrtp2', version: '>= 2.5.0', static: get_option('lophoc_srtp_static'))");
    expect(meson).toContain("include_directories('srtp-compat')");
    expect(readFileSync(join(dir, 'meson_options.txt'), 'utf8')).toContain("option('lophoc_srtp_static', type: 'boolean', value: false");
    expect(readFileSync(join(dir, 'fbs/meson.build'), 'utf8')).toMatch(/flatbuffers_generator_dep = declare_dependency\(\n  include_directories: '.',\n  sources: flatbuffers_generator,\n\)/);
    const webrtc = readFileSync(join(dir, 'deps/libwebrtc/meson.build'), 'utf8');
    expect(webrtc).toContain('    flatbuffers_generator_dep,\n');
    expect(webrtc).not.toContain('_proj');
    expect(readFileSync(join(dir, 'srtp-compat/srtp.h'), 'utf8')).toBe(readFileSync(COMPAT, 'utf8'));
  });

  it('carries the DTLS BIO fix (a crash on the first handshake with Debian\'s OpenSSL) and the incoming RTP size limit', () => {
    const dir = copyOfPackage();
    expect(patch(dir).code).toBe(0);
    const dtls = readFileSync(join(dir, 'src/RTC/DtlsTransport.cpp'), 'utf8');
    expect(dtls).toContain('const long resultOfcallback = ((operationType & BIO_CB_RETURN) != 0) ? static_cast<long>(ret) : 1;');
    expect(dtls).not.toContain('(operationType == BIO_CB_RETURN)');
    for (const cls of ['WebRtcTransport', 'PlainTransport', 'PipeTransport']) {
      const text = readFileSync(join(dir, `src/RTC/${cls}.cpp`), 'utf8');
      const body = text.slice(text.indexOf(`void ${cls}::OnRtpDataReceived(`));
      expect(body.indexOf('if (len > 2048u)'), cls).toBeGreaterThan(0);
      expect(body.indexOf('if (len > 2048u)'), cls).toBeLessThan(body.indexOf('\n\t}\n'));
    }
  });

  it('is idempotent: a second run says "already patched" and changes nothing', () => {
    const dir = copyOfPackage();
    expect(patch(dir).code).toBe(0);
    const first = snapshot(dir);
    const again = patch(dir);
    expect(again.code).toBe(0);
    expect(again.out).toContain('already patched');
    expect(snapshot(dir)).toEqual(first);
  });

  it('fails loudly on a meson.build it does not know (a future version) and writes nothing', () => {
    const dir = copyOfPackage();
    const meson = join(dir, 'meson.build');
    // What a future version might look like: one more wrap dependency in the block we replace.
    const changed = readFileSync(meson, 'utf8').replace("libuv_proj = subproject(\n  'libuv',", "libuv_proj = subproject(\n  'libuv-ng',");
    writeFileSync(meson, changed);
    const before = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const r = patch(dir);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/UNEXPECTED worker sources .*meson\.build: hunk "wrap subprojects" expected once, found 0 times/);
    expect(Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]))).toEqual(before);
  });

  it('refuses a half-patched tree', () => {
    const dir = copyOfPackage();
    const pristine = readFileSync(join(dir, 'fbs/meson.build'), 'utf8');
    expect(patch(dir).code).toBe(0);
    writeFileSync(join(dir, 'fbs/meson.build'), pristine);
    const r = patch(dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain('half-patched tree');
  });
});
