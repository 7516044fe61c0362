import { describe, expect, it } from 'vitest';
import { admittedId, keptRooms, lesson, student, teacher } from '../__fixtures__/liveRoom.js';
import { KEEP_AFTER_END_MS } from './index.js';

describe("the lesson's transient state across rooms (a node died or drained)", () => {
  it('the recent chat comes back in the next room, the newest N, and an author finds their messages as theirs', async () => {
    const rooms = keptRooms([], { chatHistory: 3 });
    const first = await rooms.next();
    const t = await admittedId(first, teacher);
    const s = await admittedId(first, student(1));
    for (let i = 1; i <= 4; i++) await first.sendChat(i % 2 ? t : s, `tin ${i}`);
    await first.keptSettled();
    first.close(); // everyone "leaves" as the room closes: that is not a change of the chat
    const second = await rooms.next();
    const s2 = await admittedId(second, student(1));
    expect(s2).not.toBe(s);
    const chat = (await second.snapshot(s2)).recentChat;
    expect(chat.map((m) => m.text)).toEqual(['tin 2', 'tin 3', 'tin 4']);
    // The student's own messages carry their participant id of this room; the teacher is not back yet.
    expect(chat.map((m) => m.participantId)).toEqual([s2, t, s2]);
    second.close();
  });

  it('kept state lives until an hour after the scheduled end, and the end of the lesson drops it', async () => {
    const rooms = keptRooms([]);
    const first = await rooms.next();
    const t = await admittedId(first, teacher);
    await first.sendChat(t, 'Chào cả lớp');
    await first.keptSettled();
    // The fixture's lesson has no schedule: an hour after the last write.
    expect(rooms.store.ttls).toEqual([KEEP_AFTER_END_MS]);
    await first.end(t);
    await first.keptSettled();
    expect(rooms.store.cleared).toBe(1);
    expect(await rooms.store.load(lesson.id)).toEqual({ values: {}, lists: {} });
  });

  it('a store that fails loses the kept state, never the lesson: chat goes on', async () => {
    const rooms = keptRooms([]);
    rooms.store.append = () => Promise.reject(new Error('Redis is down'));
    const room = await rooms.next();
    const t = await admittedId(room, teacher);
    await room.sendChat(t, 'vẫn học bình thường');
    expect((await room.snapshot(t)).recentChat.map((m) => m.text)).toEqual(['vẫn học bình thường']);
    await room.keptSettled();
    room.close();
  });
});
