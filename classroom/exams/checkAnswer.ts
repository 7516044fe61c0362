import { ValidationError } from '../../platform/index.js';
import { QUESTION_LIMITS, type Answer, type QuestionBody } from '../assessment/index.js';

const bad = (message: string) => new ValidationError(message, { details: { reason: 'ANSWER_INVALID' } });

/**
 * Checks an answer against the question it answers, before anything is stored: the same kind,
 * only the question's own option and statement ids, text within the limit. The HTTP schema has
 * already checked the shape; this checks the fit.
 */
export function checkAnswer(body: QuestionBody, answer: Answer): Answer {
  if (answer.kind !== body.kind) throw bad(`This question takes a ${body.kind} answer`);
  switch (answer.kind) {
    case 'single_choice': {
      const ids = new Set((body as Extract<QuestionBody, { kind: 'single_choice' }>).options.map((o) => o.id));
      if (answer.choice !== null && !ids.has(answer.choice)) throw bad('Unknown option');
      return { kind: answer.kind, choice: answer.choice };
    }
    case 'multiple_choice': {
      const ids = new Set((body as Extract<QuestionBody, { kind: 'multiple_choice' }>).options.map((o) => o.id));
      const choices = [...new Set(answer.choices)];
      if (choices.some((c) => !ids.has(c))) throw bad('Unknown option');
      return { kind: answer.kind, choices: choices.sort() };
    }
    case 'true_false': {
      const ids = new Set((body as Extract<QuestionBody, { kind: 'true_false' }>).statements.map((s) => s.id));
      const values: Record<string, boolean> = {};
      for (const [id, v] of Object.entries(answer.values)) {
        if (!ids.has(id) || typeof v !== 'boolean') throw bad('Unknown statement');
        values[id] = v;
      }
      return { kind: answer.kind, values };
    }
    default:
      if (answer.text.length > QUESTION_LIMITS.answerTextChars) throw bad('The answer is too long');
      return { kind: answer.kind, text: answer.text };
  }
}
