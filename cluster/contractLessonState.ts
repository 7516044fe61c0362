/** LessonStateStore over each implementation (see contract.ts): a lesson's transient state, shared by the nodes. */
import { describe, expect, it } from 'vitest';
import { type ContractContext, eventually } from './contractHelpers.js';

const HOUR = 3_600_000;

export function describeLessonStateContract(ctx: ContractContext): void {
  describe('LessonStateStore', () => {
    it('what one node keeps, another loads: values replaced, lists oldest first and bounded', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      expect(await b.lessonState.load('lesson-1')).toEqual({ values: {}, lists: {} });
      await a.lessonState.put('lesson-1', 'hands', '[1]', HOUR);
      await a.lessonState.put('lesson-1', 'hands', '[1,2]', HOUR);
      for (let i = 1; i <= 5; i++) await a.lessonState.append('lesson-1', 'chat', `m${i}`, 3, HOUR);
      await a.lessonState.append('lesson-1', 'chat.g-1', 'nhóm', 3, HOUR);
      await a.lessonState.put('lesson-2', 'hands', '[9]', HOUR);
      expect(await b.lessonState.load('lesson-1')).toEqual({ values: { hands: '[1,2]' }, lists: { chat: ['m3', 'm4', 'm5'], 'chat.g-1': ['nhóm'] } });
      await b.lessonState.clear('lesson-1');
      expect(await a.lessonState.load('lesson-1')).toEqual({ values: {}, lists: {} });
      expect((await a.lessonState.load('lesson-2')).values).toEqual({ hands: '[9]' });
    });

    it('the value slots expire together, ttlMs after the last put; each list ttlMs after its last append', async () => {
      const a = await ctx.join();
      await a.lessonState.put('lesson-1', 'hands', '[]', 200);
      await a.lessonState.append('lesson-1', 'chat', 'm1', 10, 200);
      await a.lessonState.append('lesson-1', 'chat.g-1', 'm', 10, HOUR);
      await eventually(async () => expect(await a.lessonState.load('lesson-1')).toEqual({ values: {}, lists: { 'chat.g-1': ['m'] } }));
      // A later put keeps every value of the lesson: it is alive while any of it changes.
      await a.lessonState.put('lesson-2', 'hands', '[]', 200);
      await a.lessonState.put('lesson-2', 'breakout', '{}', HOUR);
      await new Promise((r) => setTimeout(r, 400));
      expect((await a.lessonState.load('lesson-2')).values).toEqual({ hands: '[]', breakout: '{}' });
    });

    it('refuses bad lesson ids, slot names, sizes, bounds and TTLs', async () => {
      const a = await ctx.join({ maxPayloadBytes: 64 });
      await expect(a.lessonState.put('lesson 1', 'hands', '', HOUR)).rejects.toThrow(/room id/);
      await expect(a.lessonState.put('lesson-1', 'a:b', '', HOUR)).rejects.toThrow(/slot/);
      await expect(a.lessonState.put('lesson-1', 'hands', 'x'.repeat(65), HOUR)).rejects.toThrow(/exceeds 64/);
      await expect(a.lessonState.append('lesson-1', 'chat', 'x', 0, HOUR)).rejects.toThrow(/max/);
      await expect(a.lessonState.append('lesson-1', 'chat', 'x', 3, 0)).rejects.toThrow(/ttlMs/);
      await expect(a.lessonState.load('lesson:1')).rejects.toThrow(/room id/);
      expect(await a.lessonState.load('lesson-1')).toEqual({ values: {}, lists: {} });
    });
  });
}
