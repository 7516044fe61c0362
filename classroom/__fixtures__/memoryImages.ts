/** A typed in-memory QuestionImages for tests: ids of its own images, plus any id starting with "ours". */
import { newId } from '../../platform/index.js';
import type { QuestionImages } from '../questionBank/index.js';

export class MemoryImages implements QuestionImages {
  readonly stored = new Map<string, { schoolId: string; ownerId: string; contentType: string; bytes: Uint8Array }>();

  async known(schoolId: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set(ids.filter((id) => id.startsWith('ours') || this.stored.get(id)?.schoolId === schoolId));
  }

  async put(image: { schoolId: string; ownerId: string; contentType: string; bytes: Uint8Array }): Promise<string> {
    const id = newId('img');
    this.stored.set(id, image);
    return id;
  }
}
