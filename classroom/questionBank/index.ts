/** The question bank (R16): teachers' questions per school and subject, shared with the subject group, versioned; import and export. */
export type * from './BankTypes.js';
export { QuestionBank, textsOf, type BankQuery, type BankScope, type NewQuestionInput, type QuestionBankDeps, type QuestionChange, type QuestionImages, type SavedQuestion } from './QuestionBank.js';
export { SqlQuestionBankStore, searchKey } from './SqlQuestionBankStore.js';
export { BankImages, type BankImagesOptions } from './BankImages.js';
export { imageTypeOf, type ImageType } from './imageType.js';
export type * from './import/ImportTypes.js';
export { IMPORT_FORMATS, DEFAULT_IMPORT_LIMITS } from './import/ImportTypes.js';
export { QuestionImport, type ApplyOptions, type ImportOptions, type QuestionImportDeps } from './import/QuestionImport.js';
export { exportQuestions, MAX_EXPORT, type ExportFormat } from './import/exportQuestions.js';
export { exportGift, type ExportEntry, type ExportResult } from './import/giftExport.js';
export { parseGift } from './import/giftParse.js';
export { exportAiken, parseAiken } from './import/aiken.js';
