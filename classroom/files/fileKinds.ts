/**
 * Which files are accepted, decided by their content (magic bytes, through the maintained
 * `file-type` library), never by their name or the browser's declared type. A name whose
 * extension disagrees with the content (a program renamed "bai-lam.pdf", a photo named ".docx")
 * is refused, so that what a teacher downloads is what its name says.
 */
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { ValidationError } from '../../platform/index.js';
import { extensionOf } from './fileNames.js';

export interface FileKind {
  /** The content's type as detected. */
  detected: string;
  /** Extensions a name may carry for this content (the first is added to a name without one). */
  extensions: readonly string[];
  /** The media type recorded and served (for OLE2 files, from the extension). */
  mediaType(extension: string): string;
}

const fixed = (mime: string, extensions: string[]): FileKind => ({ detected: mime, extensions, mediaType: () => mime });

/** What students hand in: photos, PDF, Office and OpenDocument files. */
export const SUBMISSION_KINDS: readonly FileKind[] = [
  fixed('image/jpeg', ['jpg', 'jpeg', 'jfif']),
  fixed('image/png', ['png']),
  fixed('image/webp', ['webp']),
  fixed('image/heic', ['heic', 'heif']),
  fixed('image/heif', ['heif', 'heic']),
  fixed('image/gif', ['gif']),
  fixed('application/pdf', ['pdf']),
  fixed('application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['docx']),
  fixed('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx']),
  fixed('application/vnd.openxmlformats-officedocument.presentationml.presentation', ['pptx']),
  fixed('application/vnd.oasis.opendocument.text', ['odt']),
  fixed('application/vnd.oasis.opendocument.spreadsheet', ['ods']),
  fixed('application/vnd.oasis.opendocument.presentation', ['odp']),
  {
    // Word/Excel/PowerPoint 97–2003 share one container format (OLE2/CFB).
    detected: 'application/x-cfb',
    extensions: ['doc', 'xls', 'ppt'],
    mediaType: (ext) => ({ doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' })[ext] ?? 'application/octet-stream',
  },
];

/** Materials of the library (R9): what students hand in, plus video and audio. */
export const MATERIAL_KINDS: readonly FileKind[] = [
  ...SUBMISSION_KINDS,
  fixed('video/mp4', ['mp4', 'm4v']),
  fixed('video/webm', ['webm']),
  fixed('video/quicktime', ['mov']),
  fixed('audio/mpeg', ['mp3']),
  fixed('audio/x-m4a', ['m4a']),
  fixed('audio/ogg', ['ogg', 'oga']),
  fixed('audio/wav', ['wav']),
  fixed('audio/webm', ['weba']),
];

/** Images only (question-bank pictures, instructions). */
export const IMAGE_KINDS: readonly FileKind[] = SUBMISSION_KINDS.filter((k) => k.detected.startsWith('image/'));

/** Bytes enough for a first verdict on most types (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

export interface CheckedFile {
  /** The name to keep: the given one, with the content's extension added when it had none. */
  fileName: string;
  mediaType: string;
}

function unsupported(kinds: readonly FileKind[]): ValidationError {
  const media = kinds.some((k) => k.detected.startsWith('video/')) ? ', video, audio' : '';
  return new ValidationError(`This kind of file is not accepted (photos, PDF, Word, Excel, PowerPoint${media})`, { details: { reason: 'file_type' } });
}

function verdict(detectedMime: string | undefined, fileName: string, kinds: readonly FileKind[]): CheckedFile {
  const kind = kinds.find((k) => k.detected === detectedMime);
  if (!kind) throw unsupported(kinds);
  const ext = extensionOf(fileName);
  if (ext === '') return { fileName: `${fileName}.${kind.extensions[0]}`, mediaType: kind.mediaType(kind.extensions[0]!) };
  if (!kind.extensions.includes(ext)) {
    throw new ValidationError(`The file's content is not what its name says (.${ext})`, { details: { reason: 'type_mismatch', detected: detectedMime } });
  }
  return { fileName, mediaType: kind.mediaType(ext) };
}

/**
 * A first look at the opening bytes of an upload, to refuse a wrong file before it is all sent.
 * A ZIP container is let through (an Office file is a ZIP whose kind may need more than the
 * first bytes to tell); `checkFile` decides at the end. Throws like `checkFile`.
 */
export async function checkOpeningBytes(head: Uint8Array, fileName: string, kinds: readonly FileKind[]): Promise<void> {
  const detected = await fileTypeFromBuffer(head);
  if (detected?.mime === 'application/zip') return;
  verdict(detected?.mime, fileName, kinds);
}

/** The verdict on a complete file on disk. Throws ValidationError (`file_type` or `type_mismatch`). */
export async function checkFile(path: string, fileName: string, kinds: readonly FileKind[]): Promise<CheckedFile> {
  const detected = await fileTypeFromFile(path);
  return verdict(detected?.mime, fileName, kinds);
}
