/** School structure: schools, grades, classes, subjects, teaching assignments, parents (R15, R18). */
export type * from './SchoolTypes.js';
export { STAFF_DUTY_KINDS } from './SchoolTypes.js';
export { SchoolService, type SchoolServiceOptions } from './SchoolService.js';
export { checkIdCode, looksLikeIdCode, ID_CODE_MIN_DIGITS, ID_CODE_MAX_DIGITS, type IdCodeCheck, type IdCodeProblem } from './idCode.js';
export { checkPersonName, checkLabel, compareVietnameseNames, nameKey } from './names.js';
export { NameLookup } from './NameLookup.js';
export { SqlSchoolDirectory } from './SqlSchoolDirectory.js';
