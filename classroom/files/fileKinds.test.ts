import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/index.js';
import { CFB_HEADER, EXE_STUB, HTML_PAGE, JPEG_1PX, PDF_SMALL, PNG_1PX, docxFile, xlsxFile } from '../../testkit/sampleFiles.js';
import { IMAGE_KINDS, SUBMISSION_KINDS, checkFile, checkOpeningBytes } from './fileKinds.js';

const dir = mkdtempSync(join(tmpdir(), 'classroom-kinds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function onDisk(bytes: Buffer): string {
  const p = join(dir, `f${++n}`);
  writeFileSync(p, bytes);
  return p;
}
async function reason(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return (err as AppError).details?.reason;
  }
  return 'accepted';
}

describe('file kinds by content', () => {
  it('accepts photos, PDF, Word, Excel and old Office files by their bytes', async () => {
    expect(await checkFile(onDisk(JPEG_1PX), 'Ảnh 1.jpg', SUBMISSION_KINDS)).toEqual({ fileName: 'Ảnh 1.jpg', mediaType: 'image/jpeg' });
    expect(await checkFile(onDisk(PNG_1PX), 'so-do.PNG', SUBMISSION_KINDS)).toEqual({ fileName: 'so-do.PNG', mediaType: 'image/png' });
    expect((await checkFile(onDisk(PDF_SMALL), 'bai.pdf', SUBMISSION_KINDS)).mediaType).toBe('application/pdf');
    expect((await checkFile(onDisk(await docxFile()), 'bai.docx', SUBMISSION_KINDS)).mediaType).toMatch(/wordprocessingml/);
    expect((await checkFile(onDisk(await xlsxFile()), 'bang.xlsx', SUBMISSION_KINDS)).mediaType).toMatch(/spreadsheetml/);
    expect((await checkFile(onDisk(CFB_HEADER), 'cu.doc', SUBMISSION_KINDS)).mediaType).toBe('application/msword');
  });

  it('adds the extension to a name without one', async () => {
    expect(await checkFile(onDisk(JPEG_1PX), 'IMG_2024', SUBMISSION_KINDS)).toEqual({ fileName: 'IMG_2024.jpg', mediaType: 'image/jpeg' });
  });

  it('refuses a lying extension: a program or a photo named .pdf', async () => {
    expect(await reason(checkFile(onDisk(EXE_STUB), 'bai-lam.pdf', SUBMISSION_KINDS))).toBe('file_type');
    expect(await reason(checkFile(onDisk(JPEG_1PX), 'bai-lam.pdf', SUBMISSION_KINDS))).toBe('type_mismatch');
    expect(await reason(checkFile(onDisk(await docxFile()), 'anh.jpg', SUBMISSION_KINDS))).toBe('type_mismatch');
  });

  it('refuses what it cannot recognise (an HTML page, plain text)', async () => {
    expect(await reason(checkFile(onDisk(HTML_PAGE), 'trang.html', SUBMISSION_KINDS))).toBe('file_type');
    expect(await reason(checkFile(onDisk(Buffer.from('chỉ là chữ')), 'a.txt', SUBMISSION_KINDS))).toBe('file_type');
  });

  it('image-only kinds refuse a PDF', async () => {
    expect(await reason(checkFile(onDisk(PDF_SMALL), 'a.pdf', IMAGE_KINDS))).toBe('file_type');
  });

  it('the opening bytes refuse a program early and let a ZIP container through to the end', async () => {
    expect(await reason(checkOpeningBytes(EXE_STUB, 'bai.pdf', SUBMISSION_KINDS))).toBe('file_type');
    expect(await reason(checkOpeningBytes(JPEG_1PX, 'a.jpg', SUBMISSION_KINDS))).toBe('accepted');
    const docx = await docxFile();
    expect(await reason(checkOpeningBytes(docx.subarray(0, 30), 'bai.docx', SUBMISSION_KINDS))).toBe('accepted');
  });
});
