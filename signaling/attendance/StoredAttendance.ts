/**
 * Attendance for live lessons (R8): every fact of a room is appended to the store as it happens,
 * and the teacher's live table is computed from the stored events.
 */
import { participationFromActivity, type AttendanceRow, type AttendanceService, type AttendanceStore, type LessonActivity } from '../../classroom/index.js';
import type { Logger } from '../../platform/index.js';
import type { AttendanceRowView, ServerBody } from '../codec/messages.js';
import type { AttendanceSource } from '../features/dispatch.js';

function rowView(r: AttendanceRow): AttendanceRowView {
  return {
    userId: r.userId,
    displayName: r.displayName,
    code: r.code,
    presentNow: r.presentNow,
    attended: r.attended,
    firstJoinMs: r.firstJoinAt ?? 0,
    lastLeaveMs: r.lastLeaveAt ?? 0,
    presentMs: r.presentMs,
    cameraOnMs: r.cameraOnMs,
    micOnMs: r.micOnMs,
    handRaises: r.handRaises,
    chatMessages: r.chatMessages,
    late: r.late,
    leftEarly: r.leftEarly,
    joinCount: r.joinCount,
    lastLeaveReason: r.lastLeaveReason ?? '',
  };
}

export class StoredAttendance implements AttendanceSource {
  readonly #store: AttendanceStore;
  readonly #service: AttendanceService;
  readonly #logger: Logger;

  constructor(store: AttendanceStore, service: AttendanceService, logger: Logger) {
    this.#store = store;
    this.#service = service;
    this.#logger = logger;
  }

  /** Appends a room's fact; a failed write is logged loudly (the record must be complete). */
  record(activity: LessonActivity): void {
    const failed = (err: unknown) => this.#logger.error({ err, lessonId: activity.lessonId, kind: activity.kind }, 'attendance event NOT stored');
    try {
      this.#store.append(participationFromActivity(activity)).catch(failed);
    } catch (err) {
      failed(err);
    }
  }

  async report(lessonId: string): Promise<ServerBody & { type: 'attendance' }> {
    const table = await this.#service.tableOf(lessonId);
    return { type: 'attendance', rows: table.rows.map(rowView), generatedAtMs: table.generatedAt };
  }
}
