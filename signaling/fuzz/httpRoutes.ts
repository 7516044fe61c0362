/**
 * The HTTP API routes the long fuzz run (scripts/fuzz.ts, a server in another process) goes
 * through. The bounded fuzz test checks this list against the routes the server registers: a
 * new route must be added here (as it must enter signaling/authorization.int.test.ts).
 */
export const FUZZ_API_ROUTES: readonly { method: string; path: string }[] = [
  { method: 'post', path: '/api/auth/login' },
  { method: 'post', path: '/api/auth/logout' },
  { method: 'post', path: '/api/auth/password' },
  { method: 'get', path: '/api/me' },
  { method: 'get', path: '/api/timetable' },
  { method: 'get', path: '/api/teaching' },
  { method: 'post', path: '/api/lessons' },
  { method: 'post', path: '/api/lessons/start-now' },
  { method: 'get', path: '/api/lessons/:lessonId' },
  { method: 'post', path: '/api/lessons/:lessonId/cancel' },
  { method: 'post', path: '/api/lessons/:lessonId/guest-link' },
  { method: 'get', path: '/api/lessons/:lessonId/attendance' },
  { method: 'get', path: '/api/lessons/:lessonId/attendance.csv' },
  { method: 'get', path: '/api/admin/school' },
  { method: 'post', path: '/api/admin/grades' },
  { method: 'post', path: '/api/admin/classes' },
  { method: 'post', path: '/api/admin/subjects' },
  { method: 'post', path: '/api/admin/parents' },
  { method: 'post', path: '/api/admin/roster/preview' },
  { method: 'post', path: '/api/admin/roster/apply' },
  { method: 'get', path: '/api/admin/accounts' },
  { method: 'post', path: '/api/admin/accounts/:userId/reset-password' },
  { method: 'get', path: '/api/admin/students/:userId/export' },
  { method: 'post', path: '/api/admin/students/:userId/erase' },
  { method: 'get', path: '/api/admin/audit' },
  { method: 'get', path: '/api/bank/meta' },
  { method: 'get', path: '/api/bank/questions' },
  { method: 'post', path: '/api/bank/questions' },
  { method: 'get', path: '/api/bank/questions/:id' },
  { method: 'put', path: '/api/bank/questions/:id' },
  { method: 'del', path: '/api/bank/questions/:id' },
  { method: 'post', path: '/api/bank/questions/:id/copy' },
  { method: 'get', path: '/api/bank/questions/:id/versions' },
  { method: 'get', path: '/api/bank/questions/:id/versions/:version' },
  { method: 'post', path: '/api/bank/import/preview' },
  { method: 'post', path: '/api/bank/import/apply' },
  { method: 'get', path: '/api/bank/export' },
  { method: 'post', path: '/api/bank/images' },
  { method: 'get', path: '/api/bank/images/:id' },
];

/** Paths that are not API routes: the probes, the client's pages, what a scanner tries. */
export const FUZZ_OTHER_PATHS = ['/', '/healthz', '/readyz', '/metrics', '/login', '/lesson/x', '/index.html', '/assets/none.js', '/ws', '/.env', '/%2e%2e/%2e%2e/etc/passwd', '/api', '/api/'];
