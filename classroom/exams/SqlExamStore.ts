import { paperScore10, type Answer, type ScoringScheme } from '../assessment/index.js';
import { flag, optionalNumber, placeholderList, type Queryable, type Row } from '../store/index.js';
import type { Attempt, AttemptScore, Exam, ExamEvent, ExamEventKind, ExamQuestion, ExamStore, ManualItemGrade, NewExamEvent, RequestContext, SavedAnswer } from './ExamTypes.js';

/** The exam store over one database or one transaction (classroom/store, schema v3). */
export class SqlExamStore implements ExamStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async createExam(e: Exam): Promise<void> {
    await this.#q.run(
      `INSERT INTO exams (id, school_id, class_id, subject_id, teacher_id, lesson_id, mode, title, opens_at, closes_at, time_limit_ms,
        attempts_allowed, shuffle_questions, shuffle_options, release_policy, released_at, scheme, questions, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        e.id, e.schoolId, e.classId, e.subjectId, e.teacherId, e.lessonId, e.mode, e.title, e.opensAt, e.closesAt, e.timeLimitMs,
        e.attemptsAllowed, e.shuffleQuestions, e.shuffleOptions, e.releasePolicy, e.releasedAt, JSON.stringify(e.scheme), JSON.stringify(e.questions), e.createdAt, e.updatedAt,
      ],
    );
  }

  async getExam(id: string): Promise<Exam | undefined> {
    const row = await this.#q.one('SELECT * FROM exams WHERE id = ?', [id]);
    return row ? examOf(row) : undefined;
  }

  async examsOfClasses(classIds: readonly string[]): Promise<Exam[]> {
    if (classIds.length === 0) return [];
    const rows = await this.#q.all(`SELECT * FROM exams WHERE class_id IN (${placeholderList(classIds.length)}) ORDER BY opens_at DESC, id`, classIds);
    return rows.map(examOf);
  }

  async updateExam(e: Pick<Exam, 'id' | 'releasedAt' | 'questions' | 'updatedAt'>): Promise<void> {
    await this.#q.run('UPDATE exams SET released_at = ?, questions = ?, updated_at = ? WHERE id = ?', [e.releasedAt, JSON.stringify(e.questions), e.updatedAt, e.id]);
  }

  async createAttempt(a: Attempt): Promise<void> {
    await this.#q.run(
      `INSERT INTO exam_attempts (id, exam_id, student_id, number, seed, started_at, deadline_at, status, finished_at, client_id, ip, result, feedback)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.id, a.examId, a.studentId, a.number, a.seed, a.startedAt, a.deadlineAt, a.status, a.finishedAt, a.clientId, a.ip, a.result ? JSON.stringify(a.result) : null, a.feedback],
    );
  }

  async getAttempt(id: string): Promise<Attempt | undefined> {
    const row = await this.#q.one('SELECT * FROM exam_attempts WHERE id = ?', [id]);
    return row ? attemptOf(row) : undefined;
  }

  async attemptsOf(examId: string, studentId?: string): Promise<Attempt[]> {
    const rows =
      studentId === undefined
        ? await this.#q.all('SELECT * FROM exam_attempts WHERE exam_id = ? ORDER BY student_id, number', [examId])
        : await this.#q.all('SELECT * FROM exam_attempts WHERE exam_id = ? AND student_id = ? ORDER BY number', [examId, studentId]);
    return rows.map(attemptOf);
  }

  async attemptsOfStudent(studentId: string, range: { from: number; to: number }): Promise<Attempt[]> {
    const rows = await this.#q.all('SELECT * FROM exam_attempts WHERE student_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at, id', [studentId, range.from, range.to]);
    return rows.map(attemptOf);
  }

  async touchOpen(attemptId: string, now: number, ctx: RequestContext): Promise<boolean> {
    const { changes } = await this.#q.run("UPDATE exam_attempts SET client_id = ?, ip = ? WHERE id = ? AND status = 'in_progress' AND deadline_at > ?", [ctx.clientId, ctx.ip, attemptId, now]);
    return changes === 1;
  }

  async putAnswer(attemptId: string, a: SavedAnswer): Promise<boolean> {
    const { changes } = await this.#q.run(
      `INSERT INTO exam_answers (attempt_id, question_id, answer, seq, saved_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, seq = excluded.seq, saved_at = excluded.saved_at
       WHERE exam_answers.seq < excluded.seq`,
      [attemptId, a.questionId, JSON.stringify(a.answer), a.seq, a.savedAt],
    );
    return changes === 1;
  }

  async answersOf(attemptId: string): Promise<SavedAnswer[]> {
    const rows = await this.#q.all('SELECT * FROM exam_answers WHERE attempt_id = ? ORDER BY question_id', [attemptId]);
    return rows.map((r) => ({ questionId: String(r['question_id']), answer: JSON.parse(String(r['answer'])) as Answer, seq: Number(r['seq']), savedAt: Number(r['saved_at']) }));
  }

  async answeredCounts(examId: string): Promise<Map<string, number>> {
    const rows = await this.#q.all<{ attempt_id: string; n: number }>(
      'SELECT a.attempt_id AS attempt_id, COUNT(*) AS n FROM exam_answers a JOIN exam_attempts t ON t.id = a.attempt_id WHERE t.exam_id = ? GROUP BY a.attempt_id',
      [examId],
    );
    return new Map(rows.map((r) => [String(r.attempt_id), Number(r.n)]));
  }

  async setAttemptState(id: string, from: Attempt['status'], c: Pick<Attempt, 'status' | 'deadlineAt' | 'finishedAt' | 'result'>): Promise<boolean> {
    const { changes } = await this.#q.run('UPDATE exam_attempts SET status = ?, deadline_at = ?, finished_at = ?, result = ? WHERE id = ? AND status = ?', [
      c.status, c.deadlineAt, c.finishedAt, c.result ? JSON.stringify(c.result) : null, id, from,
    ]);
    return changes === 1;
  }

  async setResult(id: string, result: AttemptScore | null, feedback?: string): Promise<void> {
    if (feedback === undefined) await this.#q.run('UPDATE exam_attempts SET result = ? WHERE id = ?', [result ? JSON.stringify(result) : null, id]);
    else await this.#q.run('UPDATE exam_attempts SET result = ?, feedback = ? WHERE id = ?', [result ? JSON.stringify(result) : null, feedback, id]);
  }

  async expiredAttempts(now: number, limit: number): Promise<Attempt[]> {
    const rows = await this.#q.all("SELECT * FROM exam_attempts WHERE status = 'in_progress' AND deadline_at <= ? ORDER BY deadline_at LIMIT ?", [now, limit]);
    return rows.map(attemptOf);
  }

  async putManualGrade(attemptId: string, g: ManualItemGrade): Promise<void> {
    await this.#q.run(
      `INSERT INTO exam_manual_grades (attempt_id, question_id, points, feedback, graded_by, graded_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (attempt_id, question_id) DO UPDATE SET points = excluded.points, feedback = excluded.feedback, graded_by = excluded.graded_by, graded_at = excluded.graded_at`,
      [attemptId, g.questionId, String(g.points), g.feedback, g.gradedBy, g.gradedAt],
    );
  }

  async manualGradesOf(attemptId: string): Promise<ManualItemGrade[]> {
    const rows = await this.#q.all('SELECT * FROM exam_manual_grades WHERE attempt_id = ? ORDER BY question_id', [attemptId]);
    return rows.map((r) => ({ questionId: String(r['question_id']), points: Number(r['points']), feedback: String(r['feedback']), gradedBy: String(r['graded_by']), gradedAt: Number(r['graded_at']) }));
  }

  async addEvent(e: NewExamEvent): Promise<void> {
    await this.#q.run('INSERT INTO exam_events (exam_id, attempt_id, student_id, actor_id, kind, at, client_id, ip, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      e.examId, e.attemptId, e.studentId, e.actorId, e.kind, e.at, e.clientId, e.ip, JSON.stringify(e.data),
    ]);
  }

  async eventsOf(examId: string, o: { attemptId?: string; afterId?: number; kinds?: readonly ExamEventKind[]; limit?: number } = {}): Promise<ExamEvent[]> {
    const where = ['exam_id = ?', 'id > ?'];
    const params: Array<string | number> = [examId, o.afterId ?? 0];
    if (o.attemptId !== undefined) {
      where.push('attempt_id = ?');
      params.push(o.attemptId);
    }
    if (o.kinds && o.kinds.length > 0) {
      where.push(`kind IN (${placeholderList(o.kinds.length)})`);
      params.push(...o.kinds);
    }
    params.push(Math.min(o.limit ?? 1000, 10_000));
    const rows = await this.#q.all(`SELECT * FROM exam_events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`, params);
    return rows.map(eventOf);
  }
}

function examOf(r: Row): Exam {
  return {
    id: String(r['id']),
    schoolId: String(r['school_id']),
    classId: String(r['class_id']),
    subjectId: String(r['subject_id']),
    teacherId: String(r['teacher_id']),
    lessonId: r['lesson_id'] === null ? null : String(r['lesson_id']),
    mode: String(r['mode']) as Exam['mode'],
    title: String(r['title']),
    opensAt: Number(r['opens_at']),
    closesAt: Number(r['closes_at']),
    timeLimitMs: optionalNumber(r['time_limit_ms']),
    attemptsAllowed: Number(r['attempts_allowed']),
    shuffleQuestions: flag(r['shuffle_questions']),
    shuffleOptions: flag(r['shuffle_options']),
    releasePolicy: String(r['release_policy']) as Exam['releasePolicy'],
    releasedAt: optionalNumber(r['released_at']),
    scheme: JSON.parse(String(r['scheme'])) as ScoringScheme,
    questions: JSON.parse(String(r['questions'])) as ExamQuestion[],
    createdAt: Number(r['created_at']),
    updatedAt: Number(r['updated_at']),
  };
}

function attemptOf(r: Row): Attempt {
  return {
    id: String(r['id']),
    examId: String(r['exam_id']),
    studentId: String(r['student_id']),
    number: Number(r['number']),
    seed: String(r['seed']),
    startedAt: Number(r['started_at']),
    deadlineAt: Number(r['deadline_at']),
    status: String(r['status']) as Attempt['status'],
    finishedAt: optionalNumber(r['finished_at']),
    clientId: String(r['client_id']),
    ip: String(r['ip']),
    result: r['result'] === null ? null : onTenPointScale(JSON.parse(String(r['result'])) as AttemptScore),
    feedback: String(r['feedback']),
  };
}

/**
 * Rows written before the paper total was kept to one decimal (session 3 stored two: 6.45 for
 * 6.449…) read on the scale every reader now shares, so the student, the gradebook and the export
 * never disagree about an old attempt; new rows are written on it already.
 */
function onTenPointScale(result: AttemptScore): AttemptScore {
  if (result.points === null || !(result.maxPoints > 0)) return result;
  return { ...result, score10: paperScore10(result.points, result.maxPoints) };
}

function eventOf(r: Row): ExamEvent {
  return {
    id: Number(r['id']),
    examId: String(r['exam_id']),
    attemptId: r['attempt_id'] === null ? null : String(r['attempt_id']),
    studentId: r['student_id'] === null ? null : String(r['student_id']),
    actorId: String(r['actor_id']),
    kind: String(r['kind']) as ExamEventKind,
    at: Number(r['at']),
    clientId: String(r['client_id']),
    ip: String(r['ip']),
    data: JSON.parse(String(r['data'])) as Record<string, unknown>,
  };
}
