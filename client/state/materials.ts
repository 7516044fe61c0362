/**
 * Materials (R9, R12): the calls the pages make, and the viewer's usage reporting. Loaded with the
 * materials pages only.
 */
import {
  parseClassMaterials,
  parseDetail,
  parseLibrary,
  parseMeta,
  parseOpened,
  parseProgress,
  parseReminded,
  parseShared,
  parseStudentMaterial,
  parseUsage,
  type MaterialCreateBody,
} from '../net/materialsApi.js';
import { api } from './api.js';

const enc = encodeURIComponent;

export const loadMeta = () => api().get('/api/materials/meta', parseMeta);
export const loadLibrary = (subjectId = '') => api().get(`/api/materials${subjectId ? `?subjectId=${enc(subjectId)}` : ''}`, parseLibrary);
export const loadQueue = () => api().get('/api/materials/queue', parseLibrary);
export const loadDetail = (id: string) => api().get(`/api/materials/${enc(id)}`, parseDetail);
export const loadClassMaterials = (classId: string) => api().get(`/api/classes/${enc(classId)}/materials`, parseClassMaterials);
export const loadStudentMaterial = (id: string) => api().get(`/api/my/materials/${enc(id)}`, parseStudentMaterial);
export const loadUsage = (id: string, classId: string) => api().get(`/api/materials/${enc(id)}/usage?classId=${enc(classId)}`, parseUsage);

export const createMaterial = (body: MaterialCreateBody & { source?: 'ministry' | 'province' }) =>
  api().post(body.source ? '/api/materials/import' : '/api/materials', body, parseDetail);
export const editMaterial = (id: string, body: Omit<MaterialCreateBody, 'subjectId' | 'gradeId' | 'topic'>) => api().put(`/api/materials/${enc(id)}`, body, parseDetail);
export const submitMaterial = (id: string) => api().post(`/api/materials/${enc(id)}/submit`, {}, parseDetail);
export const reviewMaterial = (id: string, version: number, decision: 'approve' | 'return', comment: string) =>
  api().post(`/api/materials/${enc(id)}/review`, { version, decision, comment }, parseDetail);
export const shareMaterial = (id: string, classId: string) => api().post(`/api/materials/${enc(id)}/shares`, { classId }, parseShared);
export const remindStudents = (id: string, classId: string) => api().post(`/api/materials/${enc(id)}/remind`, { classId }, parseReminded);

/**
 * One opening of a material by a student: the time it is visible (a hidden tab does not count),
 * the PDF pages shown and the share of a video watched, reported every `everyMs` and when it
 * closes. A failed report is not retried: the next one carries the totals again.
 */
export class UsageReporter {
  #viewId: string | null = null;
  #visibleMs = 0;
  #since: number | null = null;
  #pages = new Set<number>();
  #pageCount = 0;
  #watched = 0;
  #timer: ReturnType<typeof setInterval> | null = null;
  #closed = false;

  constructor(
    readonly materialId: string,
    readonly everyMs = 10_000,
  ) {}

  async start(): Promise<void> {
    const opened = await api().post(`/api/materials/${enc(this.materialId)}/views`, {}, parseOpened);
    if (this.#closed) return;
    this.#viewId = opened.viewId;
    this.#onVisibility();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#timer = setInterval(() => void this.report(), this.everyMs);
  }

  pageSeen(page: number, count: number): void {
    this.#pageCount = count;
    if (!this.#pages.has(page)) {
      this.#pages.add(page);
      void this.report();
    }
  }

  watched(fraction: number): void {
    this.#watched = Math.max(this.#watched, Math.round(Math.min(1, Math.max(0, fraction)) * 1000));
  }

  async report(): Promise<void> {
    if (!this.#viewId) return;
    const seconds = Math.floor((this.#visibleMs + (this.#since === null ? 0 : Date.now() - this.#since)) / 1000);
    const body = { seconds, pageCount: this.#pageCount, pages: [...this.#pages], watchedPermille: this.#watched };
    await api().put(`/api/material-views/${enc(this.#viewId)}`, body, parseProgress).catch(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    document.removeEventListener('visibilitychange', this.#onVisibility);
    void this.report();
  }

  #onVisibility = () => {
    if (document.visibilityState === 'visible') this.#since ??= Date.now();
    else if (this.#since !== null) {
      this.#visibleMs += Date.now() - this.#since;
      this.#since = null;
    }
  };
}
