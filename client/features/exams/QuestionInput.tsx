import { useEffect, useRef, useState } from 'preact/hooks';
import { tExam } from '../../i18n/exam.js';
import type { Answer, AttemptViewDto } from '../../net/examApi.js';
import { RichText } from '../richText/RichText.js';

type PaperQuestion = AttemptViewDto['questions'][number];
const LETTERS = 'ABCDEFGHIJ';

/**
 * One question as the student answers it, big targets for a 360-px phone: options as full-width
 * buttons, Đúng/Sai per statement, a text box for numbers and words (sent after a pause in
 * typing, and on leaving the box).
 */
export function QuestionInput({ q, value, disabled, onAnswer }: { q: PaperQuestion; value: Answer | undefined; disabled: boolean; onAnswer: (a: Answer) => void }) {
  const body = q.body;
  switch (body.kind) {
    case 'single_choice': {
      const chosen = value?.kind === 'single_choice' ? value.choice : null;
      return (
        <div class="take__options" role="radiogroup">
          {body.options.map((o, i) => (
            <button type="button" key={o.id} role="radio" aria-checked={chosen === o.id} class={chosen === o.id ? 'take__option take__option--on' : 'take__option'} disabled={disabled} data-testid="take-option" data-option={o.id} onClick={() => onAnswer({ kind: 'single_choice', choice: o.id })}>
              <span class="take__letter">{LETTERS[i]}.</span> <RichText text={o.text} />
            </button>
          ))}
        </div>
      );
    }
    case 'multiple_choice': {
      const chosen = value?.kind === 'multiple_choice' ? value.choices : [];
      const toggle = (id: string) => onAnswer({ kind: 'multiple_choice', choices: chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id] });
      return (
        <div class="take__options">
          {body.options.map((o, i) => (
            <button type="button" key={o.id} role="checkbox" aria-checked={chosen.includes(o.id)} class={chosen.includes(o.id) ? 'take__option take__option--on' : 'take__option'} disabled={disabled} data-testid="take-option" data-option={o.id} onClick={() => toggle(o.id)}>
              <span class="take__letter">{LETTERS[i]}.</span> <RichText text={o.text} />
            </button>
          ))}
        </div>
      );
    }
    case 'true_false': {
      const values = value?.kind === 'true_false' ? value.values : {};
      const set = (id: string, v: boolean) => onAnswer({ kind: 'true_false', values: { ...values, [id]: v } });
      return (
        <ol class="take__statements">
          {body.statements.map((s, i) => (
            <li key={s.id} class="take__statement" data-testid="take-statement">
              <span class="take__letter">{String.fromCharCode(97 + i)})</span> <RichText text={s.text} />
              <span class="take__tf">
                <button type="button" class={values[s.id] === true ? 'take__tfbtn take__tfbtn--on' : 'take__tfbtn'} disabled={disabled} aria-pressed={values[s.id] === true} data-testid="take-true" onClick={() => set(s.id, true)}>
                  {tExam('take.true')}
                </button>
                <button type="button" class={values[s.id] === false ? 'take__tfbtn take__tfbtn--on' : 'take__tfbtn'} disabled={disabled} aria-pressed={values[s.id] === false} data-testid="take-false" onClick={() => set(s.id, false)}>
                  {tExam('take.false')}
                </button>
              </span>
            </li>
          ))}
        </ol>
      );
    }
    default:
      return <TextAnswer kind={body.kind} value={value && 'text' in value ? value.text : ''} disabled={disabled} onAnswer={onAnswer} />;
  }
}

function TextAnswer({ kind, value, disabled, onAnswer }: { kind: 'numeric' | 'short_text' | 'essay'; value: string; disabled: boolean; onAnswer: (a: Answer) => void }) {
  const [text, setText] = useState(value);
  // What is saved (or being saved) now: a pause and a blur must not send the same text twice.
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => setText(value), [value]);
  const send = () => {
    if (text !== latest.current) onAnswer({ kind, text });
  };
  useEffect(() => {
    if (text === latest.current) return;
    const timer = setTimeout(send, 800);
    return () => clearTimeout(timer);
  }, [text]);
  const hint = kind === 'numeric' ? tExam('take.numberHint') : kind === 'short_text' ? tExam('take.textHint') : tExam('take.essayHint');
  return kind === 'essay' ? (
    <textarea class="take__essay" rows={8} value={text} disabled={disabled} placeholder={hint} aria-label={hint} data-testid="take-text" onInput={(e) => setText(e.currentTarget.value)} onBlur={send} />
  ) : (
    <input class="take__text" inputMode={kind === 'numeric' ? 'decimal' : 'text'} value={text} disabled={disabled} placeholder={hint} aria-label={hint} data-testid="take-text" onInput={(e) => setText(e.currentTarget.value)} onBlur={send} />
  );
}
