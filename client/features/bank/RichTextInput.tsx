import { useRef } from 'preact/hooks';
import { tBank } from '../../i18n/bank.js';
import { bankMeta } from '../../state/bank.js';
import { uploadImage } from '../../state/bankEditor.js';

/**
 * A textarea for rich text with a toolbar: B, I, U and ∑ wrap the selection in [b]…[/b],
 * [i]…[/i], [u]…[/u], $…$; the picture button uploads a picture and inserts [img:id].
 */
export function RichTextInput(props: { label: string; value: string; onInput: (v: string) => void; rows?: number; testId: string; hint?: string; images?: boolean; disabled?: boolean }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const insert = (before: string, after = '') => {
    const el = area.current;
    if (!el) return;
    const { selectionStart: a, selectionEnd: b, value } = el;
    const next = value.slice(0, a) + before + value.slice(a, b) + after + value.slice(b);
    props.onInput(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(a + before.length, b + before.length);
    });
  };
  const onFile = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    const text = await uploadImage({ bytes: await f.arrayBuffer() }, bankMeta.value?.limits.maxImageBytes ?? 2 * 1024 * 1024);
    if (text) insert(text);
  };
  const tool = (label: string, glyph: string, before: string, after: string, testId: string) => (
    <button type="button" class="button button--small rti__tool" title={label} aria-label={label} onClick={() => insert(before, after)} disabled={props.disabled} data-testid={testId}>
      {glyph}
    </button>
  );
  return (
    <div class="field rti">
      <span class="field__label">{props.label}</span>
      <div class="rti__toolbar" role="toolbar" aria-label={props.label}>
        {tool(tBank('bank.tool.bold'), 'B', '[b]', '[/b]', `${props.testId}-bold`)}
        {tool(tBank('bank.tool.italic'), 'I', '[i]', '[/i]', `${props.testId}-italic`)}
        {tool(tBank('bank.tool.underline'), 'U', '[u]', '[/u]', `${props.testId}-underline`)}
        {tool(tBank('bank.tool.math'), '∑', '$', '$', `${props.testId}-math`)}
        {props.images && (
          <>
            <button type="button" class="button button--small rti__tool" title={tBank('bank.tool.image')} onClick={() => file.current?.click()} disabled={props.disabled} data-testid={`${props.testId}-image`}>
              🖼
            </button>
            <input ref={file} type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden onChange={(e) => void onFile(e.currentTarget)} data-testid={`${props.testId}-image-file`} />
          </>
        )}
      </div>
      <textarea ref={area} class="field__input rti__area" rows={props.rows ?? 3} value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} disabled={props.disabled} data-testid={props.testId} />
      {props.hint && <span class="muted rti__hint">{props.hint}</span>}
    </div>
  );
}
