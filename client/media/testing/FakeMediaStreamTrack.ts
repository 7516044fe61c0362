let nextId = 1;

/** A typed MediaStreamTrack for tests (happy-dom cannot construct one). */
export class FakeMediaStreamTrack extends EventTarget implements MediaStreamTrack {
  readonly id = `fake-track-${nextId++}`;
  readonly label: string;
  contentHint = '';
  enabled = true;
  muted = false;
  readyState: MediaStreamTrackState = 'live';
  onended: ((this: MediaStreamTrack, ev: Event) => unknown) | null = null;
  onmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null = null;
  onunmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null = null;
  stopped = false;

  constructor(readonly kind: 'audio' | 'video') {
    super();
    this.label = `fake ${kind}`;
  }

  applyConstraints(): Promise<void> {
    return Promise.resolve();
  }

  clone(): MediaStreamTrack {
    return new FakeMediaStreamTrack(this.kind);
  }

  getCapabilities(): MediaTrackCapabilities {
    return {};
  }

  getConstraints(): MediaTrackConstraints {
    return {};
  }

  getSettings(): MediaTrackSettings {
    return {};
  }

  stop(): void {
    this.stopped = true;
    this.readyState = 'ended';
  }

  /** What the browser does when the device disappears. */
  end(): void {
    this.readyState = 'ended';
    const event = new Event('ended');
    this.onended?.call(this, event);
    this.dispatchEvent(event);
  }
}
