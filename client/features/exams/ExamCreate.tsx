import { useEffect, useState } from 'preact/hooks';
import { tExam } from '../../i18n/exam.js';
import type { ExamListResponse } from '../../net/examApi.js';
import { bankChoices, createExam, loadBankChoices } from '../../state/examTeacher.js';
import { RichText } from '../richText/RichText.js';

type Mode = 'quiz' | 'exam';
type Release = 'immediately' | 'after_close' | 'manual';

/** A datetime-local value (the browser's zone) for a moment, and back. */
const toLocal = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const fromLocal = (v: string) => new Date(v).getTime();

/** The form that gives a quiz or exam to a class, its questions picked from the bank. */
export function ExamCreate({ classes, lessons, onDone }: { classes: ExamListResponse['classes']; lessons: ExamListResponse['lessons']; onDone: () => void }) {
  const [pair, setPair] = useState(0);
  const [lessonId, setLessonId] = useState('');
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<Mode>('quiz');
  const [opensAt, setOpensAt] = useState(toLocal(Date.now()));
  const [closesAt, setClosesAt] = useState(toLocal(Date.now() + 86_400_000));
  const [limit, setLimit] = useState('45');
  const [attempts, setAttempts] = useState('1');
  const [shuffleQuestions, setShuffleQuestions] = useState(true);
  const [shuffleOptions, setShuffleOptions] = useState(true);
  const [release, setRelease] = useState<Release>('after_close');
  const [scheme, setScheme] = useState('vn2025');
  const [picked, setPicked] = useState<string[]>([]);
  const chosen = classes[pair];
  useEffect(() => {
    if (chosen) void loadBankChoices(chosen.subjectId);
    setPicked([]);
    setLessonId('');
  }, [chosen?.subjectId, chosen?.classId]);
  // The lessons of the chosen class and subject, running first (an exam runs in one of them, or none).
  const lessonsOfClass = lessons.filter((l) => l.classId === chosen?.classId && l.subjectId === chosen?.subjectId);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    const ok = await createExam({
      classId: chosen.classId,
      subjectId: chosen.subjectId,
      title,
      mode,
      opensAt: fromLocal(opensAt),
      closesAt: fromLocal(closesAt),
      timeLimitMinutes: limit.trim() === '' ? null : Number(limit),
      attemptsAllowed: mode === 'exam' ? 1 : Number(attempts),
      shuffleQuestions,
      shuffleOptions,
      releasePolicy: release,
      scheme,
      questions: picked.map((questionId) => ({ questionId })),
      lessonId: lessonId === '' ? null : lessonId,
    });
    if (ok) onDone();
  };
  const toggle = (id: string) => setPicked(picked.includes(id) ? picked.filter((x) => x !== id) : [...picked, id]);
  return (
    <form class="card exam-form" onSubmit={submit} data-testid="exam-form">
      <label class="field">
        <span>{tExam('teacher.class')}</span>
        <select value={String(pair)} onChange={(e) => setPair(Number(e.currentTarget.value))} data-testid="exam-form-class">
          {classes.map((c, i) => (
            <option key={`${c.classId}:${c.subjectId}`} value={String(i)}>
              {c.className} – {c.subjectName}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{tExam('teacher.lesson')}</span>
        <select value={lessonId} onChange={(e) => setLessonId(e.currentTarget.value)} data-testid="exam-form-lesson">
          <option value="">{tExam('teacher.lessonNone')}</option>
          {lessonsOfClass.map((l) => (
            <option key={l.lessonId} value={l.lessonId}>
              {l.live ? `${tExam('teacher.lessonLive')} · ` : ''}
              {l.title} · {new Date(l.scheduledStart).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' })}
            </option>
          ))}
        </select>
        <small class="muted">{tExam('teacher.lessonHint')}</small>
      </label>
      <label class="field">
        <span>{tExam('teacher.title')}</span>
        <input value={title} maxLength={200} required onInput={(e) => setTitle(e.currentTarget.value)} data-testid="exam-form-title" />
      </label>
      <label class="field">
        <span>{tExam('teacher.mode')}</span>
        <select value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)} data-testid="exam-form-mode">
          <option value="quiz">{tExam('exam.mode.quiz')}</option>
          <option value="exam">{tExam('exam.mode.exam')}</option>
        </select>
      </label>
      <div class="exam-form__row">
        <label class="field">
          <span>{tExam('teacher.opensAt')}</span>
          <input type="datetime-local" value={opensAt} onInput={(e) => setOpensAt(e.currentTarget.value)} data-testid="exam-form-opens" />
        </label>
        <label class="field">
          <span>{tExam('teacher.closesAt')}</span>
          <input type="datetime-local" value={closesAt} onInput={(e) => setClosesAt(e.currentTarget.value)} data-testid="exam-form-closes" />
        </label>
      </div>
      <div class="exam-form__row">
        <label class="field">
          <span>{tExam('teacher.limit')}</span>
          <input type="number" min={1} max={600} value={limit} onInput={(e) => setLimit(e.currentTarget.value)} data-testid="exam-form-limit" />
        </label>
        {mode === 'quiz' && (
          <label class="field">
            <span>{tExam('teacher.attempts')}</span>
            <input type="number" min={1} max={10} value={attempts} onInput={(e) => setAttempts(e.currentTarget.value)} />
          </label>
        )}
      </div>
      <label class="check">
        <input type="checkbox" checked={shuffleQuestions} onChange={(e) => setShuffleQuestions(e.currentTarget.checked)} /> {tExam('teacher.shuffleQuestions')}
      </label>
      <label class="check">
        <input type="checkbox" checked={shuffleOptions} onChange={(e) => setShuffleOptions(e.currentTarget.checked)} /> {tExam('teacher.shuffleOptions')}
      </label>
      <label class="field">
        <span>{tExam('teacher.release')}</span>
        <select value={release} onChange={(e) => setRelease(e.currentTarget.value as Release)} data-testid="exam-form-release">
          {(['immediately', 'after_close', 'manual'] as const).map((r) => (
            <option key={r} value={r}>
              {tExam(`teacher.release.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{tExam('teacher.scheme')}</span>
        <select value={scheme} onChange={(e) => setScheme(e.currentTarget.value)}>
          <option value="vn2025">vn2025</option>
          <option value="vn2025-math">vn2025-math</option>
          <option value="simple">simple</option>
        </select>
      </label>
      <fieldset class="exam-form__questions">
        <legend>{tExam('teacher.pickQuestions', { n: picked.length })}</legend>
        {bankChoices.value.map(({ question: q }) => (
          <label key={q.id} class="exam-form__question" data-testid="exam-form-question">
            <input type="checkbox" checked={picked.includes(q.id)} onChange={() => toggle(q.id)} /> <RichText text={q.question.body.stem} />
          </label>
        ))}
      </fieldset>
      <div class="exams__actions">
        <button type="submit" class="button button--primary" data-testid="exam-form-create">
          {tExam('teacher.create')}
        </button>
        <button type="button" class="button" onClick={onDone}>
          {tExam('teacher.cancel')}
        </button>
      </div>
    </form>
  );
}
