/**
 * The fixtures world (../../__fixtures__/world.ts) with the assignment services over it: a blob
 * store in the storage's temp folder, the upload service with the assignments' policies, and a
 * helper that sends a file through begin → staged file → finish as the tus server does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiskBlobStore, ManualClock, newId } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from './world.js';
import type { Actor } from '../authz/index.js';
import { UploadService, type StoredFile, type UploadPurpose } from '../files/index.js';
import { MaterialLibrary } from '../materials/index.js';
import { localToEpochMs } from '../timetable/index.js';
import { AssignmentService, type AssignmentLimits } from '../assignments/index.js';
import { Grading } from '../assignments/index.js';

export interface AssignmentWorld {
  t: TestStorage;
  clock: ManualClock;
  world: World;
  blobs: DiskBlobStore;
  assignments: AssignmentService;
  grading: Grading;
  uploads: UploadService;
  /** Sends `bytes` as `fileName` for `targetId` like the tus server: begin, stage, finish. */
  send(actor: Actor, targetId: string, fileName: string, bytes: Buffer, purpose?: UploadPurpose): Promise<StoredFile>;
}

export async function openAssignmentWorld(limits: Partial<AssignmentLimits> = {}): Promise<AssignmentWorld> {
  const t = await openTestStorage();
  const clock = new ManualClock(localToEpochMs('2026-09-07', '08:00', 420));
  const world = await seedWorld(t.storage, clock);
  const blobs = await DiskBlobStore.open({ dir: join(t.dir, 'blobs'), clock });
  let uploads: UploadService | undefined;
  const assignments = new AssignmentService(t.storage, { clock, uploads: () => uploads! }, limits);
  const materials = new MaterialLibrary(t.storage, { clock, uploads: () => uploads! });
  uploads = new UploadService(t.storage, { blobs, clock, policies: { ...assignments.uploadPolicies(), material: materials.uploadPolicy() } });
  const grading = new Grading(t.storage, { clock });
  const send = async (actor: Actor, targetId: string, fileName: string, bytes: Buffer, purpose: UploadPurpose = 'submission') => {
    const id = newId();
    await uploads!.begin(actor, { id, purpose, targetId, fileName, declaredSize: bytes.length });
    const staged = join(t.dir, `staged-${id}`);
    writeFileSync(staged, bytes);
    return uploads!.finish(id, staged);
  };
  return { t, clock, world, blobs, assignments, grading, uploads, send };
}

/** Due at 21:00 on 2026-09-08 (the fixture clock starts at 08:00 on the 7th). */
export const DUE = { date: '2026-09-08', time: '21:00' };
