/**
 * What an archive bundle of one class and period holds (issue 9, R17), each file read through
 * the owning feature's domain interface: the lessons with their teachers, attendance per lesson
 * (AttendanceService: the same policy check and audit as a teacher's export), the chat log of
 * each lesson, quiz and exam results (AssessmentResults), assignment results (AssignmentStore)
 * and the recordings' MP4s (blob store). Every CSV is UTF-8 with a BOM, like the attendance CSV,
 * so it opens right in Excel.
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../../platform/index.js';
import type { AssessmentResults } from '../assessment/index.js';
import { AttendanceService, csvLines, UTF8_BOM, type CsvValue } from '../attendance/index.js';
import type { Actor } from '../authz/index.js';
import type { StoreSet } from '../store/index.js';
import { formatLocal, lessonStatus, VIETNAM_UTC_OFFSET_MINUTES, type Lesson } from '../timetable/index.js';
import type { ArchiveJob } from './ArchiveTypes.js';

/** One file of the bundle; `open` is called when its turn comes, so only one large file is open at a time. */
export interface BundleEntry {
  path: string;
  /** MP4s are already compressed: stored as they are. */
  compress: boolean;
  /** Its size when known before it is read (a recording's MP4); the progress by bytes counts on it. */
  bytes?: number;
  open(): Promise<Buffer | Readable>;
}

export interface BundleSources {
  stores: Pick<StoreSet, 'lessons' | 'schools' | 'accounts' | 'attendance' | 'recordings' | 'assignments' | 'recordedChat'>;
  attendance: AttendanceService;
  results: AssessmentResults;
  blobs: BlobStore;
}

const STATUS: Record<ReturnType<typeof lessonStatus>, string> = { scheduled: 'Chưa diễn ra', live: 'Đang diễn ra', ended: 'Đã kết thúc', cancelled: 'Đã huỷ' };

const time = (ms: number | null) => (ms === null ? '' : formatLocal(ms, VIETNAM_UTC_OFFSET_MINUTES));
const day = (ms: number) => time(ms).slice(0, 10);
const csv = (rows: CsvValue[][]) => Buffer.from(UTF8_BOM + csvLines(rows, ','), 'utf8');
const score10 = (tenths: number | null) => (tenths === null ? '' : (tenths / 10).toFixed(1));

/** The files of a bundle, in the order they are zipped. `actor` is the admin or principal who asked for it. */
export async function bundleEntries(job: ArchiveJob, actor: Actor, src: BundleSources): Promise<BundleEntry[]> {
  const { stores } = src;
  const lessons = (await stores.lessons.forClass(job.classId, { from: job.from, to: job.to, includeCancelled: true })).filter((l) => l.scheduledStart >= job.from && l.scheduledStart < job.to);
  const names = new NameCache(stores);
  const roster = await stores.schools.rosterOfClass(job.classId);
  const student = new Map(roster.map((r) => [r.userId, r]));
  const entries: BundleEntry[] = [];
  const lessonRows: CsvValue[][] = [['STT', 'Mã buổi học', 'Ngày', 'Bắt đầu (dự kiến)', 'Kết thúc (dự kiến)', 'Bắt đầu (thực tế)', 'Kết thúc (thực tế)', 'Môn', 'Nội dung', 'Giáo viên', 'Trạng thái', 'Số bản ghi hình']];
  for (const [i, l] of lessons.entries()) {
    const prefix = `${day(l.scheduledStart)}_${l.id}`;
    const recordings = (await stores.recordings.recordingsOfLesson(l.id)).filter((r) => r.videoBlob !== null);
    lessonRows.push([i + 1, l.id, day(l.scheduledStart), time(l.scheduledStart), time(l.scheduledEnd), time(l.startedAt), time(l.endedAt), await names.subject(l.subjectId), l.title, await names.user(l.teacherId), STATUS[lessonStatus(l)], recordings.length]);
    if (l.startedAt === null) continue; // never held: no attendance, chat or recording
    entries.push({ path: `diem-danh/${prefix}.csv`, compress: true, open: () => src.attendance.csvForArchive(actor, l.id, { ip: null }) });
    entries.push({ path: `tro-chuyen/${prefix}.csv`, compress: true, open: () => chatLog(l, src, student) });
    for (const r of recordings) {
      const size = (await src.blobs.stat(r.videoBlob!))?.size;
      entries.push({ path: `ghi-hinh/${prefix}_${r.id}.mp4`, compress: false, ...(size !== undefined ? { bytes: size } : {}), open: async () => (await src.blobs.get(r.videoBlob!)).body });
      // The chat kept with the recording, with its words (issue 9): the messages sent while it recorded.
      entries.push({ path: `ghi-hinh/${prefix}_${r.id}_tro-chuyen.csv`, compress: true, open: () => recordedChat(r.id, src, student) });
    }
  }
  entries.unshift({ path: 'buoi-hoc.csv', compress: true, open: async () => csv(lessonRows) });
  entries.push({ path: 'ket-qua-kiem-tra.csv', compress: true, open: () => examResults(job, lessons, src, names, student) });
  entries.push({ path: 'ket-qua-bai-tap.csv', compress: true, open: () => assignmentResults(job, src, names, student) });
  return entries;
}

/**
 * Who wrote in the chat and when, for the whole lesson. Outside a recording the server keeps no
 * chat text (only the participation event of each message); the words of messages sent while
 * the lesson was recorded are in each recording's own chat file.
 */
async function chatLog(l: Lesson, src: BundleSources, student: Map<string, { code: string; displayName: string }>): Promise<Buffer> {
  const rows: CsvValue[][] = [['Thời điểm', 'Mã định danh', 'Người gửi']];
  for (const e of await src.stores.attendance.eventsForLesson(l.id)) {
    if (e.kind !== 'chat_message') continue;
    const s = student.get(e.userId);
    const name = s?.displayName ?? (e.userId === l.teacherId ? 'Giáo viên' : e.userId);
    rows.push([time(e.at), s ? { excelText: s.code } : '', name]);
  }
  return csv(rows);
}

/** The chat messages kept with one recording: when, who, what (issue 9). */
async function recordedChat(recordingId: string, src: BundleSources, student: Map<string, { code: string; displayName: string }>): Promise<Buffer> {
  const rows: CsvValue[][] = [['Thời điểm', 'Mã định danh', 'Người gửi', 'Nội dung']];
  for (const m of await src.stores.recordedChat.ofRecording(recordingId)) {
    const s = student.get(m.userId);
    rows.push([time(m.sentAt), s ? { excelText: s.code } : '', m.displayName, m.text]);
  }
  return csv(rows);
}

async function examResults(job: ArchiveJob, lessons: Lesson[], src: BundleSources, names: NameCache, student: Map<string, { code: string; displayName: string }>): Promise<Buffer> {
  const subjects = new Set([...lessons.map((l) => l.subjectId), ...(await src.stores.schools.assignmentsOfClass(job.classId)).map((a) => a.subjectId)]);
  const rows: CsvValue[][] = [['Bài kiểm tra', 'Hình thức', 'Môn', 'Mã định danh', 'Học sinh', 'Trạng thái', 'Bắt đầu', 'Nộp lúc', 'Điểm', 'Điểm tối đa', 'Điểm (thang 10)']];
  for (const subjectId of [...subjects].sort()) {
    const { assessments, attempts } = await src.results.resultsOfClass(job.classId, subjectId, { from: job.from, to: job.to });
    const byId = new Map(assessments.map((a) => [a.assessmentId, a]));
    for (const a of attempts) {
      const s = student.get(a.studentId);
      const exam = byId.get(a.assessmentId);
      rows.push([exam?.title ?? a.assessmentId, exam?.mode ?? '', await names.subject(subjectId), s ? { excelText: s.code } : '', s?.displayName ?? a.studentId, a.status, time(a.startedAt), time(a.finishedAt), a.points ?? '', a.maxPoints, a.score10 ?? '']);
    }
  }
  return csv(rows);
}

async function assignmentResults(job: ArchiveJob, src: BundleSources, names: NameCache, student: Map<string, { code: string; displayName: string }>): Promise<Buffer> {
  const rows: CsvValue[][] = [['Bài tập', 'Môn', 'Giao lúc', 'Hạn nộp', 'Mã định danh', 'Học sinh', 'Nộp lúc', 'Số lần nộp', 'Nộp muộn', 'Điểm', 'Đã trả bài']];
  const assignments = (await src.stores.assignments.listForClass(job.classId, null)).filter((a) => a.dueAt >= job.from && a.openAt < job.to);
  for (const a of assignments) {
    const [latest, grades] = await Promise.all([src.stores.assignments.latestSubmissions(a.id), src.stores.assignments.gradesOf(a.id)]);
    const grade = new Map(grades.map((g) => [g.studentId, g]));
    for (const sub of latest) {
      const s = student.get(sub.studentId);
      const g = grade.get(sub.studentId);
      rows.push([a.title, await names.subject(a.subjectId), time(a.openAt), time(a.dueAt), s ? { excelText: s.code } : '', s?.displayName ?? sub.studentId, time(sub.submittedAt), sub.version, sub.late ? 'Có' : '', score10(g?.scoreTenths ?? null), g?.returnedAt ? 'Có' : '']);
    }
  }
  return csv(rows);
}

/** Names of subjects and teachers, each read once per bundle. */
class NameCache {
  readonly #stores: BundleSources['stores'];
  readonly #subjects = new Map<string, string>();
  readonly #users = new Map<string, string>();

  constructor(stores: BundleSources['stores']) {
    this.#stores = stores;
  }

  async subject(id: string): Promise<string> {
    if (!this.#subjects.has(id)) this.#subjects.set(id, (await this.#stores.schools.getSubject(id))?.name ?? id);
    return this.#subjects.get(id)!;
  }

  async user(id: string): Promise<string> {
    if (!this.#users.has(id)) this.#users.set(id, (await this.#stores.accounts.get(id))?.displayName ?? id);
    return this.#users.get(id)!;
  }
}
