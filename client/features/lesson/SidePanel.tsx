import type { ComponentChildren } from 'preact';
import { t } from '../../i18n/index.js';
import { closePanel } from '../../state/panels.js';
import { Icon } from '../common/Icon.js';

/** The frame of a lesson panel: a full-height sheet on phones, a column beside the video from 900 px. */
export function SidePanel(props: { title: string; testId: string; children: ComponentChildren; actions?: ComponentChildren; wide?: boolean }) {
  return (
    <aside class={`panel ${props.wide ? 'panel--wide' : ''}`} aria-label={props.title} data-testid={props.testId}>
      <header class="panel__header">
        <h2 class="panel__title">{props.title}</h2>
        {props.actions}
        <button type="button" class="icon-button" onClick={closePanel} aria-label={t('chat.close')} title={t('chat.close')} data-testid="panel-close">
          <Icon name="close" />
        </button>
      </header>
      <div class="panel__body">{props.children}</div>
    </aside>
  );
}
