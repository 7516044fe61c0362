import { useEffect, useRef } from 'preact/hooks';
import { KATEX_OPTIONS, loadKatex } from './katex.js';
import { parseRichText, type RichNode } from './parse.js';

const IMAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Question text on screen: Preact elements for text, [b] [i] [u] and line breaks, KaTeX for
 * formulas, our own picture route for [img:id]. Never innerHTML: the text of a question is
 * data another person wrote (docs/assessment.md "Rich text and sanitization").
 * `imageUrl` lets a preview show pictures not stored yet (an import's placeholders).
 */
export function RichText({ text, class: cls, imageUrl }: { text: string; class?: string; imageUrl?: (id: string) => string | null }) {
  return <span class={cls ? `rich ${cls}` : 'rich'}>{nodes(parseRichText(text), imageUrl)}</span>;
}

function nodes(list: readonly RichNode[], imageUrl: ((id: string) => string | null) | undefined) {
  return list.map((n, i) => {
    switch (n.type) {
      case 'text':
        return n.text;
      case 'break':
        return <br key={i} />;
      case 'math':
        return <MathSpan key={`${i}:${n.display ? 'd' : 'i'}:${n.tex}`} tex={n.tex} display={n.display} />;
      case 'image': {
        if (!IMAGE_ID.test(n.id)) return null;
        const src = imageUrl ? imageUrl(n.id) : `/api/bank/images/${encodeURIComponent(n.id)}`;
        return src ? <img key={i} class="rich__img" src={src} alt="" loading="lazy" /> : <span key={i} class="rich__img-missing" aria-hidden="true">▢</span>;
      }
      case 'bold':
        return <b key={i}>{nodes(n.children, imageUrl)}</b>;
      case 'italic':
        return <i key={i}>{nodes(n.children, imageUrl)}</i>;
      case 'underline':
        return <u key={i}>{nodes(n.children, imageUrl)}</u>;
    }
  });
}

/** A formula: its LaTeX as text until KaTeX has loaded, then KaTeX's DOM (built by KaTeX, not parsed from a string). */
function MathSpan({ tex, display }: { tex: string; display: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.textContent = tex;
    let alive = true;
    loadKatex().then(
      (katex) => {
        if (!alive) return;
        try {
          katex.render(tex, el, { ...KATEX_OPTIONS, displayMode: display });
        } catch {
          el.textContent = tex; // a page KaTeX cannot work in (quirks mode): the LaTeX as text
        }
      },
      () => undefined, // offline: the LaTeX stays readable as text
    );
    return () => {
      alive = false;
    };
  }, [tex, display]);
  return <span ref={ref} class={display ? 'rich__math rich__math--display' : 'rich__math'} data-tex={tex} />;
}
