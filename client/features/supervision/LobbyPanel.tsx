import { useSignal } from '@preact/signals';
import { formatClock, t } from '../../i18n/index.js';
import type { LessonSettings, LobbyEntry } from '../../net/index.js';
import { settings } from '../../state/lesson.js';
import { admitEveryone, admitStudent, changeSettings, denyStudent, lobbyEntries } from '../../state/lobby.js';
import { SidePanel } from '../lesson/SidePanel.js';
import { ReasonDialog } from './ReasonDialog.js';

/** The teacher's door (R3): who waits, admit or refuse them, and the entry settings. */
export function LobbyPanel() {
  const denying = useSignal<LobbyEntry | null>(null);
  const entries = lobbyEntries.value;
  return (
    <SidePanel title={t('lobby.title', { count: entries.length })} testId="lobby-panel">
      <Settings />
      <div class="panel__section">
        <div class="panel__row">
          <h3 class="panel__subtitle">{t('lobby.waiting')}</h3>
          <button type="button" class="button button--small button--primary" disabled={entries.length === 0} onClick={() => void admitEveryone()} data-testid="lobby-admit-all">
            {t('lobby.admitAll')}
          </button>
        </div>
        {entries.length === 0 && (
          <p class="muted" data-testid="lobby-empty">
            {t('lobby.empty')}
          </p>
        )}
        <ul class="people">
          {entries.map((e) => (
            <li key={e.participantId} class="person" data-testid="lobby-entry" data-participant-id={e.participantId} data-class-member={e.classMember ? 'true' : 'false'}>
              <div class="person__who">
                <span class="person__name">{e.displayName}</span>
                <span class="person__meta">
                  {t('lobby.since', { time: formatClock(e.waitingSinceMs) })}
                  {!e.classMember && <span class="tag tag--warn">{t('lobby.notMember')}</span>}
                </span>
              </div>
              <div class="person__actions">
                <button type="button" class="button button--small button--primary" onClick={() => void admitStudent(e.participantId)} data-testid="lobby-admit">
                  {t('lobby.admit')}
                </button>
                <button type="button" class="button button--small" onClick={() => (denying.value = e)} data-testid="lobby-deny">
                  {t('lobby.deny')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </div>
      {denying.value && (
        <ReasonDialog
          kind="deny"
          title={t('lobby.denyTitle', { name: denying.value.displayName })}
          body={t('lobby.denyBody')}
          confirmLabel={t('lobby.deny')}
          onConfirm={(reason) => denyStudent(denying.value?.participantId ?? '', reason)}
          onClose={() => (denying.value = null)}
        />
      )}
    </SidePanel>
  );
}

type Flag = keyof Pick<LessonSettings, 'autoAdmit' | 'locked' | 'studentsCanUnmute'>;

/** The box shows the wish at once; the server's LessonSettingsUpdated confirms it, a refusal undoes it. */
function toggle(box: HTMLInputElement, flag: Flag): void {
  const wanted = box.checked;
  void changeSettings({ [flag]: wanted }).then((ok) => {
    if (!ok) box.checked = !wanted;
  });
}

function Settings() {
  const s = settings.value;
  const row = (flag: Flag, label: string, hint: string, testId: string) => (
    <label class="toggle">
      <input type="checkbox" checked={s?.[flag] ?? false} disabled={!s} onChange={(e) => toggle(e.currentTarget, flag)} data-testid={testId} />
      <span class="toggle__text">
        <span class="toggle__label">{label}</span>
        <span class="toggle__hint">{hint}</span>
      </span>
    </label>
  );
  return (
    <div class="panel__section" data-testid="lesson-settings">
      <h3 class="panel__subtitle">{t('settings.title')}</h3>
      {row('autoAdmit', t('settings.autoAdmit'), t('settings.autoAdmitHint'), 'setting-auto-admit')}
      {row('locked', t('settings.lock'), t('settings.lockHint'), 'setting-lock')}
      {row('studentsCanUnmute', t('settings.unmute'), t('settings.unmuteHint'), 'setting-students-can-unmute')}
      {s?.passwordRequired && <p class="muted">{t('settings.password')}</p>}
    </div>
  );
}
