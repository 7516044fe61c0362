/** The participants a LessonMedia serves, as a test sets them up, and what it pushed to them. */
import type { ParticipantView } from '../../../classroom/index.js';
import type { ServerBody } from '../../codec/messages.js';
import type { MediaAudience } from '../LessonMedia.js';

export class FakeAudience implements MediaAudience {
  readonly people = new Map<string, ParticipantView>();
  readonly pushes: Array<{ to: string; body: ServerBody }> = [];

  add(id: string, patch: Partial<ParticipantView> = {}): ParticipantView {
    const p: ParticipantView = {
      id,
      userId: `u-${id}`,
      displayName: id,
      role: 'student',
      connection: 'connected',
      micOn: true,
      cameraOn: true,
      screenOn: false,
      handRaised: false,
      quality: 'unknown',
      canShareScreen: false,
      groupId: '',
      joinedAtMs: 0,
      ...patch,
    };
    this.people.set(id, p);
    return p;
  }

  participant(id: string): ParticipantView | undefined {
    return this.people.get(id);
  }

  inGroup(groupId: string): ParticipantView[] {
    return [...this.people.values()].filter((p) => p.groupId === groupId);
  }

  push(participantId: string, body: ServerBody): void {
    this.pushes.push({ to: participantId, body });
  }

  of(type: ServerBody['type']): Array<{ to: string; body: ServerBody }> {
    return this.pushes.filter((p) => p.body.type === type);
  }
}
