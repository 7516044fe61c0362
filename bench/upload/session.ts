/**
 * A signed-in HTTP session of the bench (cookie kept, first-login password changed), and the
 * school the upload bench needs, made through the public API as a school would: a teacher of the
 * demo class, N students imported from a roster CSV, an assignment for the class.
 */
const NEW_PASSWORD = 'Bench-upload-2026!';

export class HttpSession {
  cookie = '';
  constructor(readonly base: string) {}

  async post(path: string, body: unknown, contentType = 'application/json'): Promise<unknown> {
    const r = await fetch(this.base + path, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : {};
  }

  async get(path: string): Promise<unknown> {
    const r = await fetch(this.base + path, { headers: this.cookie ? { cookie: this.cookie } : {} });
    if (r.status >= 300) throw new Error(`${path}: ${r.status}`);
    return r.json();
  }

  /** Signs in, changing the one-time password when asked to. */
  static async signIn(base: string, login: string, password: string): Promise<HttpSession> {
    const s = new HttpSession(base);
    const r = (await s.post('/api/auth/login', { login, password })) as { mustChangePassword: boolean };
    if (r.mustChangePassword) await s.post('/api/auth/password', { currentPassword: password, newPassword: NEW_PASSWORD });
    return s;
  }

  static async setUpSchool(base: string, adminLogin: string, adminPassword: string, students: number, log: (line: string) => void) {
    const admin = await HttpSession.signIn(base, adminLogin, adminPassword);
    const school = (await admin.get('/api/admin/school')) as { classes: Array<{ name: string }>; subjects: Array<{ name: string }> };
    const cls = school.classes[0]?.name ?? '8A';
    const subject = school.subjects[0]?.name ?? 'Tin học';
    const t = (await admin.post('/api/admin/roster/apply?kind=teachers', `Mã định danh,Họ và tên,Phân công\n079199000001,Giáo Viên Bench,${cls}:${subject}\n`, 'text/csv')) as { created: Array<{ code: string; initialPassword: string }> };
    // Names are letters only (the roster refuses digits): Học Sinh A, B, …, Z, Ba, Bb…
    const letters = (n: number): string => (n < 26 ? String.fromCharCode(65 + n) : letters(Math.floor(n / 26)) + String.fromCharCode(97 + (n % 26)));
    const rows = Array.from({ length: students }, (_, i) => `0795${String(i + 1).padStart(8, '0')},Học Sinh ${letters(i)},${cls}`);
    const p = (await admin.post('/api/admin/roster/apply?kind=students', `Mã định danh,Họ và tên,Lớp\n${rows.join('\n')}\n`, 'text/csv')) as { created: Array<{ code: string; initialPassword: string }> };
    const teacher = await HttpSession.signIn(base, t.created[0]!.code, t.created[0]!.initialPassword);
    const teaching = (await teacher.get('/api/teaching')) as { assignments: Array<{ classId: string; subjectId: string }> };
    const pair = teaching.assignments[0]!;
    const due = new Date(Date.now() + 7 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    const created = (await teacher.post('/api/assignments', { classId: pair.classId, subjectId: pair.subjectId, title: 'Bench', instructions: '', due: { date: due, time: '21:00' }, acceptLate: false })) as {
      assignment: { id: string };
    };
    log(`signing in ${students} students (argon2: a few at a time)`);
    const sessions: HttpSession[] = [];
    for (let i = 0; i < p.created.length; i += 4) {
      sessions.push(...(await Promise.all(p.created.slice(i, i + 4).map((c) => HttpSession.signIn(base, c.code, c.initialPassword)))));
    }
    return { teacher, students: sessions, assignmentId: created.assignment.id };
  }
}
