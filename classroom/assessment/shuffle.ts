/**
 * Reproducible papers: a student's order of questions and of options comes from a recorded
 * seed, so a regrade (or a complaint two years later) rebuilds exactly the paper they saw.
 *
 * THE ALGORITHMS BELOW ARE PART OF THE STORED DATA: a seed recorded today must give the same
 * paper with any later version of this code. Never change them; add a new versioned function
 * instead (the golden test in shuffle.test.ts fails on any change).
 * - PRNG: xoshiro128** (Blackman & Vigna), state = the first 16 bytes of
 *   SHA-256(seed + "\u0000" + stream), little-endian words;
 * - integers below n by rejection sampling (no modulo bias); Fisher–Yates from the end.
 * Streams keep the parts independent: the question order uses stream "order"; the options of
 * question q use stream "options:" + q, so adding a question to a paper does not change the
 * option order of the others.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { QuestionBody } from './QuestionTypes.js';

/** A fresh seed: 128 random bits as 32 hex characters. Record it with the attempt. */
export function newSeed(): string {
  return randomBytes(16).toString('hex');
}

export interface Rng {
  /** The next 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, n), n ≥ 1. */
  below(n: number): number;
}

export function seededRng(seed: string, stream = ''): Rng {
  const digest = createHash('sha256').update(`${seed}\u0000${stream}`, 'utf8').digest();
  const nextUint32 = xoshiro128StarStar([digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)]);
  const below = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(${n})`);
    // The largest multiple of n that fits: values at or above it would favour small results.
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return x % n;
    }
  };
  return { nextUint32, below };
}

/** The xoshiro128** generator over a 128-bit state (exported for its reference-vector test). */
export function xoshiro128StarStar(state: readonly [number, number, number, number]): () => number {
  let [s0, s1, s2, s3] = state.map((x) => x >>> 0) as [number, number, number, number];
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state never moves
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
}

/** A shuffled copy of `items` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One question of a paper, as the shuffler needs it. */
export interface PaperItem {
  questionId: string;
  /** Questions are shuffled within their section (Phần I, II, III); sections keep their order. Default: one section. */
  section?: string;
  /** Option ids (choice) or statement ids (true/false) in the author's order; none for other kinds. */
  itemIds?: readonly string[];
  /** True: the options keep the author's order. */
  fixedOrder?: boolean;
}

export interface PaperOptions {
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
}

/** A student's paper: question ids in order, and each question's option (statement) ids in order. */
export interface PaperLayout {
  questionIds: string[];
  itemOrder: Record<string, string[]>;
}

/** The paper of `seed`: the same seed and items give the same paper, always. */
export function paperFor(seed: string, items: readonly PaperItem[], options: PaperOptions): PaperLayout {
  const sections: string[] = [];
  const bySection = new Map<string, string[]>();
  for (const item of items) {
    const section = item.section ?? '';
    if (!bySection.has(section)) {
      bySection.set(section, []);
      sections.push(section);
    }
    bySection.get(section)!.push(item.questionId);
  }
  const orderRng = seededRng(seed, 'order');
  const questionIds = sections.flatMap((s) => (options.shuffleQuestions ? shuffled(bySection.get(s)!, orderRng) : bySection.get(s)!));
  const itemOrder: Record<string, string[]> = {};
  for (const item of items) {
    if (!item.itemIds) continue;
    const keep = !options.shuffleOptions || item.fixedOrder === true;
    itemOrder[item.questionId] = keep ? [...item.itemIds] : shuffled(item.itemIds, seededRng(seed, `options:${item.questionId}`));
  }
  return { questionIds, itemOrder };
}

/** The PaperItem of a question body. */
export function paperItemOf(questionId: string, body: QuestionBody, section?: string): PaperItem {
  const base = section === undefined ? { questionId } : { questionId, section };
  switch (body.kind) {
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, itemIds: body.options.map((o) => o.id), fixedOrder: body.fixedOrder };
    case 'true_false':
      return { ...base, itemIds: body.statements.map((s) => s.id), fixedOrder: body.fixedOrder };
    default:
      return base;
  }
}

/** "A", "B", … "Z" for display positions 0..25 (options); "a", "b"… for statements. */
export function displayLetter(position: number, lower = false): string {
  const c = String.fromCharCode(65 + position);
  return lower ? c.toLowerCase() : c;
}
