/**
 * The assignment world (files, uploads) with the materials services over it, and the two duties
 * of art. 7.3: teacher2 heads the Toán subject group, and a principal (a teacher account, as in
 * most schools) approves.
 */
import type { Account } from '../accounts/index.js';
import type { Actor } from '../authz/index.js';
import { loadActor } from '../authz/index.js';
import { MaterialAccess, MaterialLibrary } from '../materials/index.js';
import { openAssignmentWorld, type AssignmentWorld } from './assignmentWorld.js';
import { hasher, PASSWORD } from './world.js';

export interface MaterialWorld extends AssignmentWorld {
  library: MaterialLibrary;
  access: MaterialAccess;
  principal: Account;
  /** teacher2, head of the Toán group. */
  head(): Promise<Actor>;
  principalActor(): Promise<Actor>;
}

/** Real PDF bytes (one page), enough for the content check. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export async function openMaterialWorld(): Promise<MaterialWorld> {
  const w = await openAssignmentWorld();
  const { storage } = w.t;
  const now = w.clock.now();
  const principal: Account = {
    id: 'u_principal',
    schoolId: w.world.schoolId,
    role: 'teacher',
    code: '079100000009',
    username: null,
    displayName: 'Vũ Thị Hiệu',
    passwordHash: await hasher.hash(PASSWORD),
    mustChangePassword: false,
    disabled: false,
    createdAt: now,
    updatedAt: now,
    passwordChangedAt: null,
  };
  await storage.accounts.create(principal);
  await storage.schools.replaceDuties(w.world.schoolId, principal.id, [{ duty: 'principal', subjectId: '' }]);
  await storage.schools.replaceDuties(w.world.schoolId, 'u_teacher2', [{ duty: 'subject_head', subjectId: w.world.math }]);
  const library = new MaterialLibrary(storage, { clock: w.clock, uploads: () => w.uploads });
  const access = new MaterialAccess(storage, { clock: w.clock });
  return {
    ...w,
    library,
    access,
    principal,
    head: () => w.world.actor('teacher2'),
    principalActor: () => loadActor(storage.schools, principal),
  };
}
