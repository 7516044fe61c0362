import type { PublishedTrack } from '../../net/index.js';
import type { LocalCandidate, MediaSignal } from '../MediaTypes.js';
import { fakeSdp, parseFakeSdp } from './FakePeerConnection.js';

/** A MediaSignal that records what the media layer sends and answers like a cooperative SFU. */
export class FakeSignal implements MediaSignal {
  readonly publishes: Array<{ sdp: string; tracks: PublishedTrack[] }> = [];
  readonly answers: Array<{ revision: number; sdp: string }> = [];
  readonly candidates: LocalCandidate[] = [];
  /** Everything in order, to check ordering (e.g. candidates after the publish). */
  readonly log: string[] = [];
  restarts = 0;
  /** Make the next publish fail with this error. */
  failNextPublish: Error | null = null;

  publish(sdp: string, tracks: PublishedTrack[]): Promise<string> {
    this.publishes.push({ sdp, tracks });
    this.log.push('publish');
    const failure = this.failNextPublish;
    this.failNextPublish = null;
    if (failure) return Promise.reject(failure);
    const answer = fakeSdp(parseFakeSdp(sdp).map((s) => ({ ...s, direction: s.direction === 'sendonly' ? 'recvonly' : s.direction })));
    return Promise.resolve(answer);
  }

  answer(revision: number, sdp: string): Promise<void> {
    this.answers.push({ revision, sdp });
    this.log.push(`answer:${revision}`);
    return Promise.resolve();
  }

  trickle(candidate: LocalCandidate): void {
    this.candidates.push(candidate);
    this.log.push(`trickle:${candidate.target}:${candidate.completed ? 'end' : candidate.candidate}`);
  }

  restartMedia(): Promise<void> {
    this.restarts++;
    this.log.push('restart');
    return Promise.resolve();
  }
}
