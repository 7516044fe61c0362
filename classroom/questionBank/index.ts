/** The question bank (R16): teachers' questions per school and subject, shared with the subject group, versioned. */
export type * from './BankTypes.js';
export { QuestionBank, textsOf, type BankQuery, type BankScope, type NewQuestionInput, type QuestionBankDeps, type QuestionChange, type QuestionImages, type SavedQuestion } from './QuestionBank.js';
export { SqlQuestionBankStore, searchKey } from './SqlQuestionBankStore.js';
