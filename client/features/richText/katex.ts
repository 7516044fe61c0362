/**
 * KaTeX, loaded on first use in a chunk of its own (with its CSS and fonts): the students'
 * entry chunk never carries it (client/bundle.int.test.ts). Options keep formulas from linking,
 * loading or looping: trust off (\href, \url, \includegraphics, \html… refused), bounded sizes
 * and macro expansion, errors shown in place instead of thrown.
 */
import type { KatexOptions } from 'katex';

export const KATEX_OPTIONS: KatexOptions = { throwOnError: false, trust: false, strict: 'ignore', maxSize: 20, maxExpand: 500, output: 'htmlAndMathml' };

type Katex = typeof import('katex').default;
let loading: Promise<Katex> | null = null;

export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  loading.catch(() => (loading = null));
  return loading;
}
