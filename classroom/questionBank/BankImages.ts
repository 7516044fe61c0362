import { NotAuthorizedError, NotFoundError, TooLargeError, ValidationError, type BlobStore, type Clock } from '../../platform/index.js';
import type { Actor } from '../authz/index.js';
import type { Storage } from '../store/index.js';
import type { BankImage } from './BankTypes.js';
import { imageTypeOf } from './imageType.js';
import type { QuestionImages } from './QuestionBank.js';

export interface BankImagesOptions {
  /** Largest picture. Default 2 MiB. */
  maxBytes?: number;
}

/**
 * Pictures of questions, kept in the blob store (area "bank") and listed per school, so that a
 * question can show only pictures of its own school. The type is read from the bytes (PNG,
 * JPEG, GIF, WebP); anything else is refused.
 */
export class BankImages implements QuestionImages {
  readonly #storage: Storage;
  readonly #blobs: BlobStore;
  readonly #clock: Clock;
  readonly maxBytes: number;

  constructor(storage: Storage, blobs: BlobStore, deps: { clock: Clock }, options: BankImagesOptions = {}) {
    this.#storage = storage;
    this.#blobs = blobs;
    this.#clock = deps.clock;
    this.maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  }

  async known(schoolId: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set((await this.#storage.questionBank.imagesOf(schoolId, ids)).map((i) => i.id));
  }

  async put(image: { schoolId: string; ownerId: string; contentType: string; bytes: Uint8Array }): Promise<string> {
    if (image.bytes.byteLength > this.maxBytes) throw new TooLargeError(`A picture may be at most ${Math.round(this.maxBytes / 1024)} KiB`);
    const contentType = imageTypeOf(image.bytes);
    if (!contentType) throw new ValidationError('Pictures must be PNG, JPEG, GIF or WebP', { details: { reason: 'IMAGE_TYPE' } });
    const info = await this.#blobs.put(
      (async function* () {
        yield image.bytes;
      })(),
      { area: 'bank', maxBytes: this.maxBytes, contentType },
    );
    const id = info.key.slice(info.key.indexOf('/') + 1);
    await this.#storage.questionBank.addImage({ id, schoolId: image.schoolId, ownerId: image.ownerId, blobKey: info.key, contentType, size: info.size, createdAt: this.#clock.now() });
    return id;
  }

  /** A teacher's upload from the question editor. */
  async upload(actor: Actor, bytes: Uint8Array): Promise<BankImage> {
    if (actor.role !== 'teacher') throw new NotAuthorizedError('Only teachers add pictures to questions');
    const id = await this.put({ schoolId: actor.schoolId, ownerId: actor.userId, contentType: '', bytes });
    return (await this.#storage.questionBank.getImage(id))!;
  }

  /**
   * A picture for someone of its school. Ids are 128 random bits that only a question's text
   * gives away, so whoever may read a question may load its pictures; the quiz and exam
   * features hand question texts to students only when they may see them.
   */
  async open(actor: Actor, id: string): Promise<BankImage> {
    const image = await this.#storage.questionBank.getImage(id);
    if (!image || image.schoolId !== actor.schoolId) throw new NotFoundError('No such picture');
    return image;
  }
}
