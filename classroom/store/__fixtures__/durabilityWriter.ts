/**
 * Child process of durability.int.test.ts: writes to the storage given as JSON in argv[2]
 * until it is killed, and prints "ack <n>" once write n has been acknowledged. Each write is
 * an attendance event (autocommit); every 10th also creates an account and enrols it in one
 * transaction. The parent kills it with SIGKILL and counts what survived.
 */
import { openStorage } from '../openStorage.js';
import type { StorageConfigInput } from '../StorageTypes.js';

const config = JSON.parse(process.argv[2] ?? '{}') as StorageConfigInput;
const storage = await openStorage(config);
for (let n = 1; ; n++) {
  await storage.attendance.append({ lessonId: 'les_durable', userId: `u_${n}`, kind: 'join', at: n });
  if (n % 10 === 0) {
    await storage.transaction(async (tx) => {
      const id = `usr_${n}`;
      await tx.accounts.create({
        id,
        schoolId: 'sch_durable',
        role: 'student',
        code: String(1_000_000_000 + n),
        username: null,
        displayName: 'Học Sinh',
        passwordHash: 'x',
        mustChangePassword: true,
        disabled: false,
        createdAt: n,
        updatedAt: n,
        passwordChangedAt: null,
      });
      await tx.schools.enrol(id, 'cls_durable');
    });
  }
  // Written only after the commit resolved; stdout to a pipe is synchronous on Linux.
  process.stdout.write(`ack ${n}\n`);
}
