import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskBlobStore, ManualClock, NotAuthorizedError, NotFoundError, TooLargeError, ValidationError } from '../../platform/index.js';
import { SINGLE } from '../__fixtures__/questions.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { png } from '../../testkit/docx.js';
import { BankImages } from './BankImages.js';
import { QuestionBank } from './QuestionBank.js';

let t: TestStorage;
let world: World;
let images: BankImages;
let blobs: DiskBlobStore;

beforeEach(async () => {
  t = await openTestStorage();
  const clock = new ManualClock(1_800_000_000_000);
  world = await seedWorld(t.storage, clock);
  blobs = await DiskBlobStore.open({ dir: join(t.dir, 'blobs') });
  images = new BankImages(t.storage, blobs, { clock }, { maxBytes: 4000 });
});
afterEach(() => t.dispose());

describe('BankImages', () => {
  it('stores a teacher’s picture in the blob store, typed by its bytes, known to its school only', async () => {
    const teacher = await world.actor('teacher');
    const image = await images.upload(teacher, png());
    expect(image).toMatchObject({ schoolId: world.schoolId, ownerId: 'u_teacher', contentType: 'image/png', size: png().byteLength });
    expect(image.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await blobs.stat(image.blobKey))?.contentType).toBe('image/png');
    expect(await images.known(world.schoolId, [image.id, 'nope_nope_nope'])).toEqual(new Set([image.id]));
    expect(await images.known(world.otherSchoolId, [image.id])).toEqual(new Set());
    expect((await images.open(await world.actor('student'), image.id)).id).toBe(image.id);
  });

  it('refuses what is not a picture (an SVG, a renamed text), a picture over the limit, and a student', async () => {
    const teacher = await world.actor('teacher');
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    await expect(images.upload(teacher, svg)).rejects.toBeInstanceOf(ValidationError);
    await expect(images.upload(teacher, png(2, 2, 5000))).rejects.toBeInstanceOf(TooLargeError);
    await expect(images.upload(await world.actor('student'), png())).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(images.open(teacher, 'AAAAAAAAAAAAAAAAAAAAAA')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets a question show its school’s pictures only', async () => {
    const bank = new QuestionBank(t.storage, { clock: new ManualClock(1), images });
    const teacher = await world.actor('teacher');
    const ours = await images.upload(teacher, png());
    const theirs = await images.put({ schoolId: world.otherSchoolId, ownerId: 'u_teacher', contentType: 'image/png', bytes: png() });
    const { question, warnings } = await bank.create(teacher, {
      subjectId: world.math,
      shared: false,
      tags: { gradeLevel: null, topic: null, level: null },
      question: { ...SINGLE, body: { ...SINGLE.body, stem: `Hình: [img:${ours.id}] [img:${theirs}]` } },
    });
    expect(question.question.body.stem).toBe(`Hình: [img:${ours.id}]`);
    expect(warnings.map((w) => w.code)).toEqual(['IMAGE_REMOVED']);
  });
});
