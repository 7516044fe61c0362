/** The reading of a composed recording's picture that the playback E2E relies on, on files made here with ffmpeg. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { framesOf, spans, videoSize } from './shareFrames.js';

const dir = mkdtempSync(join(tmpdir(), 'share-frames-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 3 s at 1280x720: the magenta camera, from 1 s to 2 s a green screen over it with (or without) the camera in the corner as compose.ts places it. */
function composed(name: string, cornerCamera: boolean): string {
  const file = join(dir, name);
  const share = "enable='between(t,1,2)'";
  const graph = [
    'color=c=0xc02060:s=1280x720:r=10:d=3,split[cam][cam2]',
    'color=c=0x0a9201:s=1280x720:r=10:d=3[screen]',
    '[cam2]scale=320:180[small]',
    `[cam][screen]overlay=${share}[withScreen]`,
    cornerCamera ? `[withScreen][small]overlay=x=944:y=524:${share}[v]` : '[small]nullsink;[withScreen]null[v]',
  ].join(';');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-filter_complex', graph, '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
  return file;
}

describe('what a composed recording shows', () => {
  it('tells the camera alone from the share with the camera in the corner, and when each starts', () => {
    const file = composed('share.mp4', true);
    expect(videoSize(file)).toEqual({ width: 1280, height: 720 });
    const runs = spans(framesOf(file));
    expect(runs.map((s) => s.shown)).toEqual(['camera', 'share', 'camera']);
    expect(runs[1]!.from).toBeCloseTo(1, 0);
    expect(runs[2]!.from).toBeCloseTo(2, 0);
  }, 30_000);

  it('a share without the camera in the corner is not taken for one', () => {
    const runs = spans(framesOf(composed('no-corner.mp4', false)));
    expect(runs.map((s) => s.shown)).toEqual(['camera', 'other', 'camera']);
  }, 30_000);
});
