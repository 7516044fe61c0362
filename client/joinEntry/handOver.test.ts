/**
 * The hand-over between the join entry and the app (handOver.ts): they are built apart, so each
 * has its own copy of the module; what the entry offers must reach the app's copy, once.
 */
import { describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module, as the entry's build and the app's build each have one. */
async function copyOfHandOver(): Promise<typeof import('./handOver.js')> {
  vi.resetModules();
  return import('./handOver.js');
}

describe('the hand-over from the join entry to the app', () => {
  it("reaches the app's own copy of the module, removes the entry's page, and is taken once", async () => {
    const entry = await copyOfHandOver();
    const app = await copyOfHandOver();
    expect(app).not.toBe(entry);
    const dismiss = vi.fn();
    entry.offerToApp({ join: null, typedName: () => 'Phạm Thu Hà', dismiss });
    expect(app.takeFromEntry()).toEqual({ join: null, typedName: 'Phạm Thu Hà' });
    expect(dismiss).toHaveBeenCalledTimes(1);
    expect(app.takeFromEntry()).toBeNull();
    expect(entry.takeFromEntry()).toBeNull();
  });

  it('gives the join started before the app came, read when the app takes it', async () => {
    const entry = await copyOfHandOver();
    const app = await copyOfHandOver();
    let join: import('./handOver.js').EntryJoinHandOver | null = null;
    entry.offerToApp({
      get join() {
        return join;
      },
      typedName: () => 'An',
      dismiss: () => undefined,
    });
    // "Vào lớp" after the offer, before the app: the app gets the join.
    join = { lessonId: 'les_1', joinToken: 't', displayName: 'An', adopt: () => ({ send: () => undefined, close: () => undefined }), firstSound: Promise.resolve(null) };
    expect(app.takeFromEntry()?.join?.lessonId).toBe('les_1');
  });

  it('gives nothing to an app started without an entry (another route, a teacher, English)', async () => {
    expect((await copyOfHandOver()).takeFromEntry()).toBeNull();
  });
});
