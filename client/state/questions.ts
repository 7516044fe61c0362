import { signal } from '@preact/signals';
import type { HandedOutMaterial, LessonQuestion } from '../net/index.js';
import type { LessonPart } from './LessonPartTypes.js';
import { act } from './requests.js';

/** The lesson's questions panel (R13): newest last; the server sends only what we may see. */
export const lessonQuestions = signal<readonly LessonQuestion[]>([]);
/** Questions this page upvoted (the server counts each participant once). */
export const myUpvotes = signal<ReadonlySet<string>>(new Set());

export function askQuestion(text: string, hiddenFromClassmates: boolean): Promise<boolean> {
  return act({ type: 'askQuestion', text, hiddenFromClassmates });
}

export async function upvoteQuestion(questionId: string): Promise<boolean> {
  const ok = await act({ type: 'upvoteQuestion', questionId });
  if (ok) myUpvotes.value = new Set([...myUpvotes.value, questionId]);
  return ok;
}

export function markQuestionAnswered(questionId: string): Promise<boolean> {
  return act({ type: 'markQuestionAnswered', questionId });
}

function upsert(q: LessonQuestion): void {
  const list = lessonQuestions.value;
  const i = list.findIndex((x) => x.id === q.id);
  lessonQuestions.value = i < 0 ? [...list, q] : list.map((x) => (x.id === q.id ? q : x));
}

export const questionsPart: LessonPart = {
  name: 'questions',
  pushes: { questionUpdated: (p) => upsert(p.question) },
  enter: (snapshot) => {
    lessonQuestions.value = snapshot.questions;
    // After a reload the page knows its upvotes again from the server (one per person).
    myUpvotes.value = new Set(snapshot.questions.filter((q) => q.upvotedByYou).map((q) => q.id));
  },
  reset: () => {
    lessonQuestions.value = [];
    myUpvotes.value = new Set();
  },
};

/** The material the teacher handed out last (R1): every page opens it; null when closed. */
export const handedOut = signal<HandedOutMaterial | null>(null);

export function handOutMaterial(materialId: string): Promise<boolean> {
  return act({ type: 'handOutMaterial', materialId });
}

export function closeHandout(): void {
  handedOut.value = null;
}

export const handoutPart: LessonPart = {
  name: 'handout',
  pushes: { materialHandedOut: (p) => (handedOut.value = p.material) },
  // A latecomer does not get the last material thrown open at them: it is one tap away.
  enter: () => undefined,
  reset: () => (handedOut.value = null),
};
