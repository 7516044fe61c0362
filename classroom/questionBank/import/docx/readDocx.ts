/**
 * A .docx as a list of paragraphs of formatted runs, equations and images, in reading order
 * (tables cell by cell), with Word's automatic numbering written out ("Câu 1.", "A."), so that
 * layout.ts can read the layout Vietnamese teachers use.
 *
 * Libraries: fflate unzips (its filter sees each part's declared size before inflating, and
 * inflates into a buffer of that size: an oversized document or a zip bomb is refused before
 * it costs memory); @xmldom/xmldom parses the XML (no DTD, no external entity is ever
 * fetched; a part with a DOCTYPE is refused outright). mammoth was not used: it drops
 * colours, and red is how many teachers mark the right option.
 */
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { imageTypeOf } from '../../imageType.js';
import { error, type ImportIssue } from '../ImportTypes.js';
import { ommlToLatex } from './omml.js';
import { NS, attr, childrenOf, is, type XmlElement } from './xml.js';
import { readNumbering, type Numbering } from './numbering.js';

/** A piece of a paragraph. Marks are what teachers use to show the right answer. */
export type DocSegment =
  | { kind: 'text'; text: string; bold: boolean; italic: boolean; underline: boolean; colored: boolean; highlight: boolean }
  | { kind: 'image'; placeholder: string }
  | { kind: 'math'; tex: string; partial: boolean };

export interface DocParagraph {
  /** 1-based, in reading order. */
  index: number;
  segments: DocSegment[];
}

export interface DocImage {
  placeholder: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface DocxContent {
  paragraphs: DocParagraph[];
  images: Map<string, DocImage>;
  /** Images that were dropped (unsupported type, e.g. a MathType equation's WMF), by placeholder. */
  droppedImages: Map<string, string>;
}

export interface DocxLimits {
  maxUnzippedBytes: number;
}

export function readDocx(bytes: Uint8Array, limits: DocxLimits): DocxContent | ImportIssue {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return error('FILE_NOT_DOCX', 'This is an old Word .doc file: open it in Word and save it as .docx');
  }
  let parts: Record<string, Uint8Array>;
  let total = 0;
  try {
    parts = unzipSync(bytes, {
      filter: (f) => {
        const wanted = f.name === 'word/document.xml' || f.name === 'word/_rels/document.xml.rels' || f.name === 'word/numbering.xml' || f.name.startsWith('word/media/');
        if (wanted) total += f.originalSize;
        if (total > limits.maxUnzippedBytes) throw new TooLarge();
        return wanted;
      },
    });
  } catch (e) {
    if (e instanceof TooLarge) return error('DOCUMENT_TOO_LARGE', `The document is larger than ${Math.round(limits.maxUnzippedBytes / 1048576)} MiB once unpacked`);
    return error('FILE_NOT_DOCX', 'The file is not a Word .docx document');
  }
  const document = parts['word/document.xml'];
  if (!document) return error('FILE_NOT_DOCX', 'The file is not a Word .docx document (no word/document.xml)');
  const doc = parseXml(document);
  if (!doc) return error('FILE_NOT_DOCX', 'The document’s XML cannot be read');
  const rels = parseRelationships(parts['word/_rels/document.xml.rels']);
  const numberingXml = parts['word/numbering.xml'];
  const numbering = readNumbering(numberingXml ? parseXml(numberingXml) : null);
  const reader = new BodyReader(parts, rels, numbering);
  const body = childrenOf(doc).find((e) => is(e, NS.w, 'body'));
  if (body) reader.block(body);
  return { paragraphs: reader.paragraphs, images: reader.images, droppedImages: reader.dropped };
}

class TooLarge extends Error {}

function parseXml(bytes: Uint8Array): XmlElement | null {
  const text = new TextDecoder('utf-8').decode(bytes);
  if (/<!DOCTYPE/i.test(text)) return null;
  try {
    const dom = new DOMParser({ onError: (level) => (level === 'warning' ? undefined : (() => { throw new Error('bad xml'); })()) }).parseFromString(text, 'application/xml');
    return (dom.documentElement as unknown as XmlElement | null) ?? null;
  } catch {
    return null;
  }
}

function parseRelationships(bytes: Uint8Array | undefined): Map<string, string> {
  const map = new Map<string, string>();
  const root = bytes ? parseXml(bytes) : null;
  for (const rel of root ? childrenOf(root) : []) {
    const id = rel.getAttribute('Id');
    const target = rel.getAttribute('Target');
    if (id && target && rel.getAttribute('TargetMode') !== 'External') map.set(id, target.startsWith('/') ? target.slice(1) : `word/${target}`);
  }
  return map;
}

interface RunMarks {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  colored: boolean;
  highlight: boolean;
}

class BodyReader {
  readonly paragraphs: DocParagraph[] = [];
  readonly images = new Map<string, DocImage>();
  readonly dropped = new Map<string, string>();
  #segments: DocSegment[] = [];
  #imageCount = 0;

  constructor(
    readonly parts: Record<string, Uint8Array>,
    readonly rels: Map<string, string>,
    readonly numbering: Numbering,
  ) {}

  /** Body, table, row, cell, content control: paragraphs in reading order. */
  block(el: XmlElement): void {
    for (const c of childrenOf(el)) {
      if (is(c, NS.w, 'p')) this.paragraph(c);
      else if (is(c, NS.w, 'tbl') || is(c, NS.w, 'tr') || is(c, NS.w, 'tc') || is(c, NS.w, 'sdt') || is(c, NS.w, 'sdtContent') || is(c, NS.w, 'customXml')) this.block(c);
    }
  }

  paragraph(p: XmlElement): void {
    this.#segments = [];
    const pPr = childrenOf(p).find((c) => is(c, NS.w, 'pPr'));
    const label = pPr ? this.numbering.labelOf(pPr) : null;
    if (label) this.#text(`${label} `, NO_MARKS);
    this.inline(p, NO_MARKS);
    this.paragraphs.push({ index: this.paragraphs.length + 1, segments: this.#segments });
    const text = this.#segments.map((s) => (s.kind === 'text' ? s.text : ' ')).join('');
    if (/^\s*(?:Câu|Question|Bài)\s*\d/iu.test(text)) this.numbering.restartLetters();
  }

  inline(el: XmlElement, inherited: RunMarks): void {
    for (const c of childrenOf(el)) {
      if (is(c, NS.w, 'r')) this.run(c);
      else if (is(c, NS.m, 'oMath') || is(c, NS.m, 'oMathPara')) {
        const { tex, partial } = ommlToLatex(c);
        if (tex.trim()) this.#segments.push({ kind: 'math', tex: tex.trim(), partial });
      } else if (is(c, NS.w, 'hyperlink') || is(c, NS.w, 'ins') || is(c, NS.w, 'smartTag') || is(c, NS.w, 'customXml') || is(c, NS.w, 'fldSimple') || is(c, NS.w, 'sdtContent')) this.inline(c, inherited);
      else if (is(c, NS.w, 'sdt')) this.inline(c, inherited);
    }
  }

  run(r: XmlElement): void {
    const rPr = childrenOf(r).find((c) => is(c, NS.w, 'rPr'));
    const marks = rPr ? marksOf(rPr) : NO_MARKS;
    for (const c of childrenOf(r)) {
      if (is(c, NS.w, 't')) this.#text(c.textContent ?? '', marks);
      else if (is(c, NS.w, 'tab')) this.#text('\t', marks);
      else if (is(c, NS.w, 'br') || is(c, NS.w, 'cr')) this.#text('\n', marks);
      else if (is(c, NS.w, 'noBreakHyphen')) this.#text('-', marks);
      else if (is(c, NS.w, 'sym')) this.#text(symbol(attr(c, NS.w, 'font'), attr(c, NS.w, 'char')), marks);
      else if (is(c, NS.w, 'drawing') || is(c, NS.w, 'pict') || is(c, NS.w, 'object') || is(c, NS.mc, 'AlternateContent')) this.#images(c);
    }
  }

  #text(text: string, marks: RunMarks): void {
    if (!text) return;
    const last = this.#segments[this.#segments.length - 1];
    if (last?.kind === 'text' && sameMarks(last, marks)) last.text += text;
    else this.#segments.push({ kind: 'text', text, ...marks });
  }

  /** Every picture inside `el` (DrawingML blips and VML imagedata), in order. */
  #images(el: XmlElement): void {
    const ids: string[] = [];
    const walk = (e: XmlElement) => {
      if (is(e, NS.mc, 'Fallback')) return; // the Choice has the same picture
      if (is(e, NS.a, 'blip')) ids.push(attr(e, NS.r, 'embed') ?? '');
      if (is(e, NS.v, 'imagedata')) ids.push(attr(e, NS.r, 'id') ?? '');
      for (const c of childrenOf(e)) walk(c);
    };
    walk(el);
    for (const id of ids) {
      const placeholder = `docximg_${String(++this.#imageCount).padStart(4, '0')}`;
      const path = this.rels.get(id) ?? '';
      const ext = path.split('.').pop()?.toLowerCase() ?? '';
      const bytes = this.parts[normalizePath(path)];
      // The type is what the bytes are, whatever the name says.
      const contentType = bytes ? imageTypeOf(bytes) : null;
      this.#segments.push({ kind: 'image', placeholder });
      if (bytes && contentType) this.images.set(placeholder, { placeholder, contentType, bytes });
      else this.dropped.set(placeholder, bytes ? `.${ext}` : 'missing');
    }
  }
}

const NO_MARKS: RunMarks = { bold: false, italic: false, underline: false, colored: false, highlight: false };

function sameMarks(a: RunMarks, b: RunMarks): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.colored === b.colored && a.highlight === b.highlight;
}

function on(el: XmlElement | undefined): boolean {
  if (!el) return false;
  const v = attr(el, NS.w, 'val');
  return v === null || !['0', 'false', 'off', 'none'].includes(v);
}

function marksOf(rPr: XmlElement): RunMarks {
  const get = (name: string) => childrenOf(rPr).find((c) => is(c, NS.w, name));
  const color = attr(get('color') ?? rPr, NS.w, 'val');
  const shd = attr(get('shd') ?? rPr, NS.w, 'fill');
  return {
    bold: on(get('b')),
    italic: on(get('i')),
    underline: on(get('u')),
    colored: color !== null && isColored(color),
    highlight: on(get('highlight')) || (shd !== null && isColored(shd) && shd.toUpperCase() !== 'FFFFFF'),
  };
}

/** Any colour a teacher picks to mark an answer: not automatic, not black or near-black. */
function isColored(hex: string): boolean {
  if (!/^[0-9a-f]{6}$/i.test(hex)) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  return Math.max(r, g, b) > 0x50;
}

/** The Symbol font's codes of the characters school documents insert with Insert → Symbol. */
const SYMBOL_FONT: Record<number, string> = {
  0x22: '∀', 0x24: '∃', 0x44: 'Δ', 0x46: 'Φ', 0x47: 'Γ', 0x4c: 'Λ', 0x50: 'Π', 0x51: 'Θ', 0x53: 'Σ', 0x57: 'Ω', 0x59: 'Ψ',
  0x61: 'α', 0x62: 'β', 0x63: 'χ', 0x64: 'δ', 0x65: 'ε', 0x66: 'φ', 0x67: 'γ', 0x68: 'η', 0x69: 'ι', 0x6b: 'κ', 0x6c: 'λ', 0x6d: 'μ',
  0x6e: 'ν', 0x70: 'π', 0x71: 'θ', 0x72: 'ρ', 0x73: 'σ', 0x74: 'τ', 0x75: 'υ', 0x77: 'ω', 0x78: 'ξ', 0x79: 'ψ', 0x7a: 'ζ',
  0xa3: '≤', 0xa5: '∞', 0xae: '→', 0xb0: '°', 0xb1: '±', 0xb3: '≥', 0xb4: '×', 0xb8: '÷', 0xb9: '≠', 0xba: '≡', 0xbb: '≈',
  0xc6: '∅', 0xc7: '∩', 0xc8: '∪', 0xcc: '⊂', 0xce: '∈', 0xcf: '∉', 0xd6: '√', 0xd7: '⋅', 0xdb: '⇔', 0xde: '⇒',
};

/** A w:sym character: the Symbol font's table, else the code as Unicode; other symbol fonts (Wingdings) give nothing. */
function symbol(font: string | null, hex: string | null): string {
  const raw = hex ? parseInt(hex, 16) : Number.NaN;
  if (!Number.isFinite(raw)) return '';
  const code = raw >= 0xf000 && raw <= 0xf0ff ? raw - 0xf000 : raw;
  if (font?.toLowerCase() === 'symbol') return SYMBOL_FONT[code] ?? '';
  return raw >= 0xf000 && raw <= 0xf0ff ? '' : String.fromCodePoint(code);
}

function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}
