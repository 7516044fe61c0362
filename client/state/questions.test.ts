import { describe, expect, it } from 'vitest';
import type { LessonQuestion } from '../net/index.js';
import { joinResult, snapshot } from '../net/testing/fixtures.js';
import { lessonQuestions, myUpvotes } from './questions.js';
import { resetToJoin } from './session.js';
import { lessonHarness } from './testing/lessonHarness.js';

const { joinAs } = lessonHarness();

const q = (id: string, over: Partial<LessonQuestion> = {}): LessonQuestion => ({
  id, authorId: 'p-a', authorName: 'Lan', text: `câu ${id}`, hiddenFromClassmates: false, upvotes: 1, answered: false, askedAtMs: 1_000, upvotedByYou: false, ...over,
});

describe('questions: the panel after a reload', () => {
  it('knows from the snapshot which questions this person upvoted, keeps it through pushes (sent to many, without it), forgets it after the lesson', async () => {
    const ws = await joinAs(joinResult({ snapshot: snapshot({ questions: [q('q1', { upvotedByYou: true }), q('q2')] }) }));
    expect(lessonQuestions.value.map((x) => x.id)).toEqual(['q1', 'q2']);
    expect([...myUpvotes.value]).toEqual(['q1']);
    ws.push({ type: 'questionUpdated', question: q('q1', { upvotes: 2 }) });
    expect(lessonQuestions.value.find((x) => x.id === 'q1')?.upvotes).toBe(2);
    expect([...myUpvotes.value]).toEqual(['q1']);
    resetToJoin();
    expect(myUpvotes.value.size).toBe(0);
  });
});
