import { EVERYONE, FeatureKey, liveFeature, type LiveFeature, type LiveFeatureFactory, type RoomContext } from '../liveRoom/index.js';

/** A material as handed out in a live lesson (R1): what every participant's page opens. */
export interface HandedOut {
  materialId: string;
  title: string;
  kind: 'file' | 'link' | 'page';
  /** The file's media type; '' for a link or a page. */
  mediaType: string;
  handedOutAt: number;
}

export type HandoutEvent = { type: 'materialHandedOut'; material: HandedOut };

/**
 * How the room reaches the library: gives the material to the lesson's class as the teacher
 * (their own rights: a teacher of the class and of the material's subject, an approved material)
 * and says what to open. Throws the library's errors (NOT_FOUND, FORBIDDEN, CONFLICT not_approved).
 */
export interface HandoutPort {
  handOut(teacherUserId: string, lessonId: string, materialId: string): Promise<Omit<HandedOut, 'handedOutAt'>>;
}

/**
 * Materials handed out during a live lesson: the teacher picks an approved material, the class
 * receives it (recorded as given to the class in this lesson) and every participant's page opens
 * it; a latecomer finds the last one in their snapshot.
 */
export class LiveHandout implements LiveFeature<HandedOut | null> {
  readonly #ctx: RoomContext<HandoutEvent>;
  readonly #port: HandoutPort;
  #current: HandedOut | null = null;

  constructor(ctx: RoomContext<HandoutEvent>, port: HandoutPort) {
    this.#ctx = ctx;
    this.#port = port;
  }

  handOut(participantId: string, materialId: string): Promise<HandedOut> {
    return this.#ctx.run(async () => {
      const teacher = this.#ctx.presence.requireTeacher(participantId, 'hand out a material');
      const m = await this.#port.handOut(teacher.userId, this.#ctx.lesson.id, materialId);
      const handed: HandedOut = { ...m, handedOutAt: this.#ctx.clock.now() };
      if (this.#ctx.closed) return handed;
      this.#current = handed;
      this.#ctx.tell(EVERYONE, { type: 'materialHandedOut', material: handed });
      return handed;
    });
  }

  snapshotFor(): HandedOut | null {
    return this.#current;
  }

  lessonEnded(): void {
    this.#current = null;
  }
}

/** `room.feature(HANDOUT)`: the materials handed out in a room. */
export const HANDOUT = new FeatureKey<LiveHandout>('handout');

export function handoutFeature(port: HandoutPort): LiveFeatureFactory {
  return liveFeature(HANDOUT, (ctx) => new LiveHandout(ctx, port));
}
