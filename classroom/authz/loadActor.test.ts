import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { actorOfUser } from './loadActor.js';

let t: TestStorage;
let clock: ManualClock;
let world: World;

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock();
  world = await seedWorld(t.storage, clock);
});
afterEach(() => t.dispose());

describe('actorOfUser', () => {
  it('is the account\'s actor with its memberships, as loadActor makes it', async () => {
    expect(await actorOfUser(t.storage.accounts, t.storage.schools, world.accounts.teacher.id)).toEqual(await world.actor('teacher'));
  });

  it('is nobody for a user without an account (a guest\'s join link), an empty id, or a disabled account', async () => {
    expect(await actorOfUser(t.storage.accounts, t.storage.schools, 'guest_abc')).toBeUndefined();
    expect(await actorOfUser(t.storage.accounts, t.storage.schools, '')).toBeUndefined();
    await t.storage.accounts.updateProfile(world.accounts.teacher.id, { disabled: true }, clock.now());
    expect(await actorOfUser(t.storage.accounts, t.storage.schools, world.accounts.teacher.id)).toBeUndefined();
  });
});
