import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { participant } from '../../net/testing/fixtures.js';
import { initials } from '../common/initials.js';
import { Tile } from './Tile.js';

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

describe('Tile', () => {
  it('shows initials, not video, when the camera is off', () => {
    const p = participant({ displayName: 'Trần Thị Bình', cameraOn: false, micOn: false });
    act(() => render(<Tile participant={p} stream={new MediaStream()} />, container));
    const tile = container.querySelector('[data-testid="tile"]');
    expect(tile?.getAttribute('data-participant-id')).toBe(p.id);
    expect(tile?.getAttribute('data-camera')).toBe('off');
    expect(container.querySelector('[data-testid="tile-initials"]')?.textContent).toBe('TB');
    expect(container.querySelector('video')).toBeNull();
    expect(container.querySelector('[data-testid="tile-mic-off"]')).not.toBeNull();
    expect(container.textContent).toContain('Trần Thị Bình');
  });

  it('shows the video when the camera is on and a stream is there, unless video is hidden', () => {
    const p = participant({ cameraOn: true, micOn: true });
    act(() => render(<Tile participant={p} stream={new MediaStream()} />, container));
    expect(container.querySelector('video')).not.toBeNull();
    expect(container.querySelector('[data-testid="tile-mic-off"]')).toBeNull();
    act(() => render(<Tile participant={p} stream={new MediaStream()} videoHidden />, container));
    expect(container.querySelector('video')).toBeNull();
    expect(container.querySelector('[data-testid="tile-initials"]')).not.toBeNull();
  });

  it('shows a reconnecting participant as such', () => {
    const p = participant({ connection: 'reconnecting' });
    act(() => render(<Tile participant={p} stream={null} />, container));
    expect(container.querySelector('[data-testid="tile-reconnecting"]')).not.toBeNull();
  });

  it('makes initials from Vietnamese names', () => {
    expect(initials('Nguyễn Văn An')).toBe('NA');
    expect(initials('đức')).toBe('ĐỨ');
    expect(initials('  ')).toBe('?');
  });
});
