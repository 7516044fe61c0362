import { useState } from 'preact/hooks';
import { tQa } from '../../i18n/qa.js';
import { QA_BODY_MAX, checkPost } from '../../net/classQaApi.js';
import { ask, qaBusy } from '../../state/classQa.js';
import { navigate } from '../../state/navigation.js';
import { RichText } from '../richText/RichText.js';

/** A student's question: text with `$…$` math (previewed as it will be shown) and an optional photo. */
export function AskForm() {
  const [body, setBody] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [formKey, setFormKey] = useState(0);
  const ok = checkPost(body) && body.trim() !== '';
  return (
    <form
      key={formKey}
      class="card"
      data-testid="qa-ask-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ok) return;
        const id = await ask(body, photo);
        if (id) {
          setBody('');
          setPhoto(null);
          setFormKey((k) => k + 1);
          navigate(`/questions/${encodeURIComponent(id)}`);
        }
      }}
    >
      <h2 class="section__title">{tQa('qa.askHeading')}</h2>
      <label class="field">
        <span class="field__label">{tQa('qa.body')}</span>
        <textarea class="field__input" rows={3} maxLength={QA_BODY_MAX} required value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} data-testid="qa-ask-body" />
        <span class="muted small">{tQa('qa.askHint')} {tQa('qa.tooLong', { max: QA_BODY_MAX })}</span>
      </label>
      {body.includes('$') && (
        <p class="qa-preview" data-testid="qa-ask-preview">
          <RichText text={body} />
        </p>
      )}
      <label class="field">
        <span class="field__label">{tQa('qa.photo')}</span>
        <input class="field__input" type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => setPhoto((e.target as HTMLInputElement).files?.[0] ?? null)} data-testid="qa-ask-photo" />
      </label>
      <p class="form__actions">
        <button type="submit" class="button button--primary" disabled={!ok || qaBusy.value} data-testid="qa-ask-send">
          {tQa('qa.ask')}
        </button>
      </p>
    </form>
  );
}
