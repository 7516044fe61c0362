import { assignmentsContract } from './assignmentsContract.js';
import { databaseContract } from './databaseContract.js';
import { lessonsAttendanceContract } from './lessonsAttendanceContract.js';
import { livenessContract } from './livenessContract.js';
import { liveQuizContract } from './liveQuizContract.js';
import { lessonQuestionsContract } from './lessonQuestionsContract.js';
import { materialsContract } from './materialsContract.js';
import { personalDataContract } from './personalDataContract.js';
import { recordingsContract } from './recordingsContract.js';
import { archiveContract } from './archiveContract.js';
import { questionBankContract } from './questionBankContract.js';
import { examsContract } from './examsContract.js';
import { roomDecisionsContract } from './roomDecisionsContract.js';
import { schoolAccountsContract } from './schoolAccountsContract.js';
import { statisticsContract } from './statisticsContract.js';
import { presenceSummaryContract } from './presenceSummaryContract.js';
import { parentsContract } from './parentsContract.js';
import { classQaContract } from './classQaContract.js';
import type { ContractTarget } from './target.js';

export type { ContractTarget } from './target.js';

/** The whole storage contract, for one engine. Call inside a describe named after the engine. */
export function describeStorageContract(target: ContractTarget): void {
  databaseContract(target);
  schoolAccountsContract(target);
  lessonsAttendanceContract(target);
  livenessContract(target);
  personalDataContract(target);
  questionBankContract(target);
  examsContract(target);
  assignmentsContract(target);
  roomDecisionsContract(target);
  liveQuizContract(target);
  lessonQuestionsContract(target);
  statisticsContract(target);
  presenceSummaryContract(target);
  materialsContract(target);
  parentsContract(target);
  recordingsContract(target);
  archiveContract(target);
  classQaContract(target);
}
