import { ValidationError } from '../../../platform/index.js';
import { validateQuestion, type Question, type TextWarning } from '../../assessment/index.js';
import type { Actor } from '../../authz/index.js';
import type { BankTags } from '../BankTypes.js';
import type { QuestionBank, QuestionImages } from '../QuestionBank.js';
import { parseAiken } from './aiken.js';
import { readDocx } from './docx/readDocx.js';
import { readLayout } from './docx/layout.js';
import { parseGift } from './giftParse.js';
import {
  DEFAULT_IMPORT_LIMITS,
  IMPORT_FORMATS,
  error,
  warning,
  type ImportFormat,
  type ImportIssue,
  type ImportItemView,
  type ImportLimits,
  type ImportPreview,
  type ImportResult,
  type ParsedFile,
  type ParsedItem,
} from './ImportTypes.js';

export interface ImportOptions {
  subjectId: string;
}

export interface ApplyOptions extends ImportOptions {
  shared: boolean;
  /** Tags for every question; a topic or level read from the file wins for its question. */
  tags: BankTags;
  /** Store the understood questions and skip the others. Default false: all or nothing. */
  skipInvalid?: boolean;
}

export interface QuestionImportDeps {
  bank: QuestionBank;
  /** Where a document's pictures go; without it they are dropped (with a warning). */
  images?: QuestionImages;
}

/**
 * Questions from GIFT, Aiken and Word files (R16). `preview` reads the file and reports, for
 * each question, what was understood (the question as it would be stored) and what was not;
 * it writes nothing. `apply` does the same and stores every question in one transaction, or
 * none: a file with any error is refused (400, details.items) unless `skipInvalid`.
 */
export class QuestionImport {
  readonly #bank: QuestionBank;
  readonly #images: QuestionImages | undefined;
  readonly #limits: Required<ImportLimits>;

  constructor(deps: QuestionImportDeps, limits: ImportLimits = {}) {
    this.#bank = deps.bank;
    this.#images = deps.images;
    this.#limits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  }

  /** Largest file `format` accepts: the HTTP route's body limit. */
  maxBytes(format: ImportFormat): number {
    return format === 'docx' ? this.#limits.maxDocxBytes : this.#limits.maxTextBytes;
  }

  async preview(actor: Actor, format: ImportFormat, file: Uint8Array, options: ImportOptions): Promise<ImportPreview> {
    await this.#bank.assertCanAuthor(actor, options.subjectId);
    const { parsed, views } = this.#read(format, file);
    const counts = { total: views.length, ok: 0, withWarnings: 0, failed: 0 };
    for (const v of views) {
      if (!v.ok) counts.failed++;
      else if (v.issues.length > 0) counts.withWarnings++;
      else counts.ok++;
    }
    const fileOk = !parsed.issues.some((i) => i.severity === 'error');
    return { format, items: views, fileIssues: parsed.issues, counts, ok: fileOk && counts.failed === 0 };
  }

  async apply(actor: Actor, format: ImportFormat, file: Uint8Array, options: ApplyOptions): Promise<ImportResult> {
    await this.#bank.assertCanAuthor(actor, options.subjectId);
    const { parsed, views } = this.#read(format, file);
    const fileErrors = parsed.issues.filter((i) => i.severity === 'error');
    const failed = views.filter((v) => !v.ok);
    if (fileErrors.length > 0 || (failed.length > 0 && !options.skipInvalid) || failed.length === views.length) {
      throw new ValidationError(fileErrors[0]?.message ?? `${failed.length} of ${views.length} questions cannot be imported`, {
        details: { reason: 'IMPORT_REFUSED', fileIssues: parsed.issues, items: failed.map((v) => ({ index: v.index, line: v.line, label: v.label, issues: v.issues })) },
      });
    }
    const chosen = views.filter((v) => v.ok);
    // Pictures are stored first (the blob store is not transactional); an import refused
    // after this leaves unreferenced pictures, which cost space but show nothing to anyone.
    const inputs = [];
    for (const v of chosen) {
      const item = parsed.items[v.index - 1]!;
      const question = await this.#storeImages(actor, item, v.question!);
      inputs.push({ subjectId: options.subjectId, shared: options.shared, question, tags: { ...options.tags, topic: v.topic ?? options.tags.topic, level: v.level ?? options.tags.level } });
    }
    const created = await this.#bank.createMany(actor, inputs, `Nhập từ tệp ${format.toUpperCase()}`);
    return { created: created.map((q, i) => ({ index: chosen[i]!.index, questionId: q.id })), skipped: failed.map((v) => v.index) };
  }

  #read(format: ImportFormat, file: Uint8Array): { parsed: ParsedFile; views: ImportItemView[] } {
    const parsed = this.#parse(format, file);
    if (parsed.items.length > this.#limits.maxQuestions) {
      parsed.issues.push(error('TOO_MANY_QUESTIONS', `The file has ${parsed.items.length} questions; at most ${this.#limits.maxQuestions} at once`));
    }
    if (parsed.items.length === 0 && !parsed.issues.some((i) => i.severity === 'error')) parsed.issues.push(error('NO_QUESTIONS', 'No question was found in the file'));
    const canKeepImages = this.#images !== undefined;
    return { parsed, views: parsed.items.map((item, i) => view(item, i + 1, canKeepImages)) };
  }

  #parse(format: ImportFormat, file: Uint8Array): ParsedFile {
    if (!IMPORT_FORMATS.includes(format)) return { items: [], issues: [error('SYNTAX', `Unknown format "${String(format)}"`)] };
    const max = this.maxBytes(format);
    if (file.byteLength > max) return { items: [], issues: [error('FILE_TOO_LARGE', `The file is larger than ${Math.round(max / 1048576)} MiB`)] };
    if (format === 'docx') {
      const content = readDocx(file, { maxUnzippedBytes: this.#limits.maxUnzippedBytes });
      return 'paragraphs' in content ? readLayout(content, this.#limits.maxImageBytes) : { items: [], issues: [content] };
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file);
    } catch {
      return { items: [], issues: [error('FILE_NOT_UTF8', 'The file is not UTF-8 text: save it as "UTF-8" (Unicode)')] };
    }
    return format === 'gift' ? parseGift(text) : parseAiken(text);
  }

  async #storeImages(actor: Actor, item: ParsedItem, question: Question): Promise<Question> {
    if (item.images.length === 0 || !this.#images) return question;
    let json = JSON.stringify(question);
    for (const image of item.images) {
      if (!json.includes(`[img:${image.placeholder}]`)) continue;
      const id = await this.#images.put({ schoolId: actor.schoolId, ownerId: actor.userId, contentType: image.contentType, bytes: image.bytes });
      json = json.replaceAll(`[img:${image.placeholder}]`, `[img:${id}]`);
    }
    return JSON.parse(json) as Question;
  }
}

/** The preview of one parsed question: validated and sanitized as it would be stored. */
function view(item: ParsedItem, index: number, canKeepImages: boolean): ImportItemView {
  const issues = [...item.issues];
  let question: Question | null = null;
  const placeholders = new Set(canKeepImages ? item.images.map((i) => i.placeholder) : []);
  if (!canKeepImages && item.images.length > 0) issues.push(warning('IMAGE_DROPPED', 'This server cannot store pictures yet: they are left out'));
  if (item.draft) {
    const checked = validateQuestion(item.draft, { imageAllowed: (id) => placeholders.has(id) });
    issues.push(...textWarnings(checked.warnings.filter((w) => w.code !== 'IMAGE_REMOVED' || canKeepImages)));
    if (checked.ok) question = checked.question;
    else for (const i of checked.issues) issues.push({ severity: 'error', code: 'INVALID', message: `${i.path}: ${i.message}`, path: i.path, questionCode: i.code });
  }
  const ok = question !== null && !issues.some((i) => i.severity === 'error');
  return {
    index,
    line: item.line,
    label: item.label,
    excerpt: item.excerpt,
    question,
    topic: item.topic ?? null,
    level: item.level ?? null,
    section: item.section ?? null,
    imageCount: canKeepImages ? item.images.length : 0,
    issues,
    ok,
  };
}

function textWarnings(warnings: readonly TextWarning[]): ImportIssue[] {
  const codes = new Set(warnings.map((w) => w.code));
  return [...codes].map((code) => warning(code === 'IMAGE_REMOVED' ? 'IMAGE_DROPPED' : 'FORMAT_DROPPED', `Removed from the text: ${code}`));
}
