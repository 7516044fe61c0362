import { useSignal, type Signal } from '@preact/signals';
import { t } from '../../i18n/index.js';
import {
  breakout,
  broadcasts,
  broadcastToGroups,
  endBreakout,
  MAX_GROUPS,
  myGroupId,
  presentStudents,
  startByHand,
  startRandom,
  visitGroup,
} from '../../state/breakout.js';
import { CHAT_MAX_CHARS } from '../../state/chat.js';
import { participants } from '../../state/lesson.js';
import { SidePanel } from '../lesson/SidePanel.js';

/** The teacher's breakout groups (R7): set up and start a round, then visit, broadcast, end. */
export function BreakoutPanel() {
  return (
    <SidePanel title={t('breakout.title')} testId="breakout-panel">
      {breakout.value.active ? <Running /> : <Setup />}
    </SidePanel>
  );
}

function Setup() {
  const mode = useSignal<'random' | 'manual'>('random');
  const count = useSignal(2);
  const assignment = useSignal<ReadonlyMap<string, number>>(new Map());
  const busy = useSignal(false);
  const students = presentStudents.value;
  const groups = Math.max(1, Math.min(MAX_GROUPS, Math.floor(count.value) || 1));
  const start = async () => {
    busy.value = true;
    await (mode.value === 'random' ? startRandom(count.value) : startByHand(assignment.value, groups));
    busy.value = false;
  };
  return (
    <div class="panel__section" data-testid="breakout-setup">
      <p class="muted">{t('breakout.present', { count: students.length })}</p>
      <label class="field">
        <span class="field__label">{t('breakout.count')}</span>
        <input
          class="field__input field__input--short"
          type="number"
          min={1}
          max={MAX_GROUPS}
          value={count.value}
          onInput={(e) => (count.value = Number(e.currentTarget.value))}
          data-testid="breakout-count"
        />
      </label>
      <div class="segmented" role="radiogroup" aria-label={t('breakout.mode')}>
        {(['random', 'manual'] as const).map((m) => (
          <label key={m} class={`segmented__option ${mode.value === m ? 'is-active' : ''}`}>
            <input type="radio" name="breakout-mode" checked={mode.value === m} onChange={() => (mode.value = m)} data-testid={`breakout-mode-${m}`} />
            {t(m === 'random' ? 'breakout.random' : 'breakout.manual')}
          </label>
        ))}
      </div>
      {mode.value === 'manual' && <ManualAssignment assignment={assignment} groups={groups} />}
      <button type="button" class="button button--primary" disabled={busy.value || students.length === 0} onClick={() => void start()} data-testid="breakout-start">
        {t('breakout.start')}
      </button>
    </div>
  );
}

/** By hand: each present student's group (or the main room). */
function ManualAssignment({ assignment, groups }: { assignment: Signal<ReadonlyMap<string, number>>; groups: number }) {
  return (
    <ul class="people">
      {presentStudents.value.map((s) => (
        <li key={s.id} class="person">
          <span class="person__name">{s.displayName}</span>
          <select
            class="field__input field__input--short"
            aria-label={t('breakout.groupOf', { name: s.displayName })}
            value={assignment.value.get(s.id) ?? 0}
            onChange={(e) => {
              const next = new Map(assignment.value);
              next.set(s.id, Number(e.currentTarget.value));
              assignment.value = next;
            }}
            data-testid="breakout-assign"
            data-participant-id={s.id}
          >
            <option value={0}>{t('breakout.mainRoom')}</option>
            {Array.from({ length: groups }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {t('breakout.groupName', { n: i + 1 })}
              </option>
            ))}
          </select>
        </li>
      ))}
    </ul>
  );
}

function Running() {
  const draft = useSignal('');
  const visiting = myGroupId.value;
  const names = (ids: readonly string[]) => ids.map((id) => participants.value.get(id)?.displayName ?? t('breakout.absent')).join(', ');
  const send = async (e: Event) => {
    e.preventDefault();
    if (await broadcastToGroups(draft.value)) draft.value = '';
  };
  return (
    <>
      <div class="panel__section">
        {visiting ? (
          <div class="panel__row">
            <span>{t('breakout.visiting', { name: breakout.value.groups.find((g) => g.id === visiting)?.name ?? '' })}</span>
            <button type="button" class="button button--small button--primary" onClick={() => void visitGroup('')} data-testid="breakout-return">
              {t('breakout.return')}
            </button>
          </div>
        ) : (
          <p class="muted">{t('breakout.inMain')}</p>
        )}
        <ul class="groups">
          {breakout.value.groups.map((g) => (
            <li key={g.id} class={`group ${g.id === visiting ? 'is-here' : ''}`} data-testid="breakout-group" data-group-id={g.id}>
              <div class="group__head">
                <span class="group__name">{g.name}</span>
                <span class="muted">{t('breakout.members', { count: g.participantIds.length })}</span>
                {g.id !== visiting && (
                  <button type="button" class="button button--small" onClick={() => void visitGroup(g.id)} data-testid="breakout-visit">
                    {t('breakout.visit')}
                  </button>
                )}
              </div>
              <p class="group__members">{names(g.participantIds)}</p>
            </li>
          ))}
        </ul>
      </div>
      <form class="panel__section" onSubmit={(e) => void send(e)}>
        <label class="field">
          <span class="field__label">{t('breakout.broadcast')}</span>
          <textarea class="field__input" rows={2} maxLength={CHAT_MAX_CHARS} value={draft.value} onInput={(e) => (draft.value = e.currentTarget.value)} data-testid="breakout-broadcast-input" />
        </label>
        <button type="submit" class="button button--small" disabled={!draft.value.trim()} data-testid="breakout-broadcast-send">
          {t('breakout.send')}
        </button>
        {broadcasts.value.length > 0 && (
          <ul class="plain-list muted">
            {broadcasts.value.map((b) => (
              <li key={b.sentAtMs} data-testid="breakout-broadcast-sent">
                {b.text}
              </li>
            ))}
          </ul>
        )}
      </form>
      <div class="panel__section">
        <button type="button" class="button button--danger" onClick={() => void endBreakout()} data-testid="breakout-end">
          {t('breakout.end')}
        </button>
      </div>
    </>
  );
}
