import { tBank } from '../../i18n/bank.js';
import type { QuestionDto } from '../../net/bankApi.js';
import { RichText } from '../richText/RichText.js';

const LETTERS = 'ABCDEFGHIJ';
const number = (x: number) => String(x).replace('.', ',');

/**
 * A question as the teacher reads it in the bank: the stem, the options or statements in the
 * author's order, and (`showKey`) the right answers marked, the expected values, the solution.
 */
export function QuestionView({ question, showKey = true, imageUrl }: { question: QuestionDto; showKey?: boolean; imageUrl?: (id: string) => string | null }) {
  const { body, key } = question;
  return (
    <div class="qview" data-testid="question-view">
      <RichText text={body.stem} class="qview__stem" {...(imageUrl ? { imageUrl } : {})} />
      {(body.kind === 'single_choice' || body.kind === 'multiple_choice') && (
        <ol class="qview__options">
          {body.options.map((o, i) => {
            const right = showKey && (key.kind === 'single_choice' ? key.correct === o.id : key.kind === 'multiple_choice' && key.correct.includes(o.id));
            return (
              <li key={o.id} class={right ? 'qview__option qview__option--right' : 'qview__option'} data-correct={right ? 'true' : 'false'}>
                <span class="qview__letter">{LETTERS[i]}.</span> <RichText text={o.text} {...(imageUrl ? { imageUrl } : {})} />
                {right && <span class="qview__mark" aria-label={tBank('bank.editor.correct')}> ✓</span>}
              </li>
            );
          })}
        </ol>
      )}
      {body.kind === 'true_false' && (
        <ol class="qview__options">
          {body.statements.map((s, i) => (
            <li key={s.id} class="qview__option">
              <span class="qview__letter">{String.fromCharCode(97 + i)})</span> <RichText text={s.text} {...(imageUrl ? { imageUrl } : {})} />
              {showKey && key.kind === 'true_false' && (
                <span class={key.truths[s.id] ? 'truth truth--true' : 'truth truth--false'} data-truth={String(key.truths[s.id])}>
                  {key.truths[s.id] ? tBank('bank.true') : tBank('bank.false')}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {showKey && <KeyLine question={question} />}
      {showKey && key.explanation && (
        <p class="qview__explanation">
          <RichText text={key.explanation} {...(imageUrl ? { imageUrl } : {})} />
        </p>
      )}
    </div>
  );
}

function KeyLine({ question }: { question: QuestionDto }) {
  const { body, key } = question;
  if (key.kind === 'numeric') {
    const unit = body.kind === 'numeric' && body.unit ? ` ${body.unit}` : '';
    const values = key.answers.map((a) => (a.tolerance > 0 ? `${number(a.value)} (± ${number(a.tolerance)})` : number(a.value))).join('; ');
    return <p class="qview__key">{tBank('bank.answerIs', { answer: `${values}${unit}` })}</p>;
  }
  if (key.kind === 'short_text') return <p class="qview__key">{key.accepted.length > 0 ? tBank('bank.answerIs', { answer: key.accepted.join('; ') }) : tBank('bank.manual')}</p>;
  if (key.kind === 'essay') {
    return (
      <p class="qview__key">
        {tBank('bank.manual')}
        {key.guidance && (
          <>
            {' — '}
            <RichText text={key.guidance} />
          </>
        )}
      </p>
    );
  }
  return null;
}
