import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { NameLookup } from './NameLookup.js';

let t: TestStorage;
let world: World;

beforeEach(async () => {
  t = await openTestStorage();
  world = await seedWorld(t.storage, new ManualClock());
});
afterEach(() => t.dispose());

describe('NameLookup', () => {
  it('names classes, subjects and people, null for an unknown id', async () => {
    const names = new NameLookup(t.storage);
    expect(await names.className(world.classA)).toBe('10A1');
    expect(await names.subjectName(world.math)).toBe('Toán');
    expect(await names.userName('u_teacher')).toBe('Trần Thị Bình');
    expect(await names.userName('u_gone')).toBeNull();
  });

  it('loads each name once, even asked for concurrently', async () => {
    const get = vi.spyOn(t.storage.accounts, 'get');
    const names = new NameLookup(t.storage);
    await Promise.all([names.userName('u_student'), names.userName('u_student'), names.userName('u_student')]);
    await names.userName('u_student');
    expect(get).toHaveBeenCalledTimes(1);
  });
});
