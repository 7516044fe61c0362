/**
 * Word documents for the import tests, written by the maintained `docx` package in the test
 * itself: no binary of unknown origin in the repository. Also a real PNG, built byte by byte.
 */
import { deflateSync } from 'node:zlib';
import { AlignmentType, Document, ImageRun, LevelFormat, Math as WordMath, MathFraction, MathRadical, MathRun, MathSuperScript, Packer, Paragraph, TextRun, type ParagraphChild } from 'docx';

export { MathFraction, MathRadical, MathRun, MathSuperScript, TextRun, ImageRun, WordMath };

/** A paragraph of runs; a string is a plain run. */
export function p(...children: Array<ParagraphChild | string>): Paragraph {
  return new Paragraph({ children: children.map((c) => (typeof c === 'string' ? new TextRun(c) : c)) });
}

/** A run with formatting. */
export const run = (text: string, f: { bold?: boolean; italics?: boolean; underline?: boolean; color?: string; highlight?: 'yellow' } = {}) =>
  new TextRun({ text, bold: f.bold, italics: f.italics, color: f.color, highlight: f.highlight, ...(f.underline ? { underline: {} } : {}) });

/** "A. text" options on one line, separated by tabs; `marked` gets `mark` on its letter and text. */
export function optionsLine(texts: readonly string[], marked: number, mark: 'underline' | 'red' | 'bold' | 'highlight'): Paragraph {
  const f = mark === 'underline' ? { underline: true } : mark === 'red' ? { color: 'FF0000' } : mark === 'bold' ? { bold: true } : { highlight: 'yellow' as const };
  const runs: TextRun[] = [];
  texts.forEach((t, i) => {
    const letter = String.fromCharCode(65 + i);
    const fmt = i === marked ? f : {};
    if (i > 0) runs.push(new TextRun({ text: '\t' }));
    runs.push(run(`${letter}. `, fmt), run(t, fmt));
  });
  return new Paragraph({ children: runs });
}

/** A document of these paragraphs, with a numbering "Câu %1." and options "%1." (upper letters) available as `numbered`. */
export async function docxOf(paragraphs: Paragraph[]): Promise<Uint8Array> {
  const doc = new Document({
    numbering: {
      config: [
        { reference: 'cau', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: 'Câu %1.', alignment: AlignmentType.LEFT }] },
        { reference: 'dapan', levels: [{ level: 0, format: LevelFormat.UPPER_LETTER, text: '%1.', alignment: AlignmentType.LEFT }] },
      ],
    },
    sections: [{ children: paragraphs }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A paragraph numbered by the document's "Câu %1." or "%1." list. */
export function numbered(reference: 'cau' | 'dapan', ...children: Array<ParagraphChild | string>): Paragraph {
  return new Paragraph({ numbering: { reference, level: 0 }, children: children.map((c) => (typeof c === 'string' ? new TextRun(c) : c)) });
}

/** A valid PNG of `width` × `height` grey pixels (`extra` bytes of noise make it larger). */
export function png(width = 2, height = 2, extra = 0): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const raw = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw))];
  // Random bytes do not compress: a large image stays large inside the .docx too.
  if (extra > 0) parts.push(chunk('teXt', Buffer.from(Array.from({ length: extra }, () => Math.floor(Math.random() * 256)))));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return new Uint8Array(Buffer.concat(parts));
}

export function image(bytes: Uint8Array = png()): ImageRun {
  return new ImageRun({ type: 'png', data: bytes, transformation: { width: 20, height: 20 } });
}
