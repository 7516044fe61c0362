/** Accounts, login, sessions, throttling, and the auth and personal-data logs (R3, R18, R21). */
export type * from './AccountTypes.js';
export { ROLES, publicAccount } from './AccountTypes.js';
export type * from './SessionTypes.js';
export { AccountService, type AccountServiceOptions, type LoginInput, type LoginResult } from './AccountService.js';
export { SessionService, requireFullSession } from './SessionService.js';
export {
  Argon2PasswordHasher,
  DEFAULT_ARGON2,
  checkNewPassword,
  generateInitialPassword,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
  type Argon2Params,
  type PasswordHasher,
  type PasswordProblem,
} from './passwords.js';
export { cleanGuestName, DISPLAY_NAME_MAX } from './displayName.js';
export { BoundedHasher, defaultHashingLimits, type HashingLimits } from './BoundedHasher.js';
export { DEFAULT_THROTTLE, type ThrottleRule, type ThrottleRules } from './throttle.js';
/** The SQL stores (for openStorage) and the log rows' shape (for a student's data export, ../privacy). */
export { SqlAccountStore } from './SqlAccountStore.js';
export { SqlSessionStore } from './SqlSessionStore.js';
export { SqlLoginThrottleStore } from './SqlLoginThrottleStore.js';
export { GroupCommitAuthEventLog, GroupCommitLoginThrottle } from './GroupCommitAuthStores.js';
export { SqlAuthEventLog, SqlPersonalDataAuditLog, AUTH_COLUMNS, ACCESS_COLUMNS, toAuthEvent, toAccess } from './SqlSecurityLogs.js';
