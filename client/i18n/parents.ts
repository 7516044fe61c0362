import { enParents } from './enParents.js';
import { scoped } from './i18n.js';
import { viParents } from './viParents.js';

/** The parents' page, announcements and parent import messages; only their chunks import this module. */
export const tParents = scoped({ vi: viParents, en: enParents });
export type ParentsKey = keyof typeof viParents;

/** An issue code's message, or the code itself for one this build does not know. */
export function tIssue(code: string): string {
  const key = `import.issue.${code}`;
  return key in viParents ? tParents(key as ParentsKey) : code;
}
