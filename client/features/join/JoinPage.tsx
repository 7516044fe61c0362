import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { decodeJoinToken } from '../../net/index.js';
import { joinError, phase, reconnectAttempt } from '../../state/connection.js';
import { cancelJoin, joinLesson, NAME_MAX_CHARS, validateName } from '../../state/session.js';
import { devicesPrepared, prepareDevices, setJoinDefaults } from '../../state/selfMedia.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';
import { DeviceProblems, JoinDevices } from './JoinDevices.js';

const NAME_KEY = 'classroom.displayName';

function rememberedName(): string {
  try {
    return globalThis.localStorage?.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberName(name: string): void {
  try {
    globalThis.localStorage?.setItem(NAME_KEY, name);
  } catch {
    // not remembered
  }
}

export interface JoinPageProps {
  lessonId: string;
  token: string;
  /** Skip asking for devices (component tests). Default false. */
  skipDevices?: boolean;
}

/** The lesson link's landing page: name, camera preview, devices, "Vào lớp". */
export function JoinPage({ lessonId, token, skipDevices = false }: JoinPageProps) {
  const info = useMemo(() => decodeJoinToken(token), [token]);
  const name = useSignal(info?.name || rememberedName());
  const touched = useSignal(false);

  useEffect(() => {
    if (skipDevices) return;
    if (!devicesPrepared.peek()) setJoinDefaults(info?.role ?? null);
    void prepareDevices();
  }, []);

  const connecting = phase.value === 'connecting';
  const nameValid = validateName(name.value) !== null;
  const expired = info !== null && info.exp > 0 && info.exp <= Date.now();

  const submit = (event: Event) => {
    event.preventDefault();
    touched.value = true;
    if (!nameValid || connecting) return;
    rememberName(name.value.trim());
    void joinLesson({ lessonId, joinToken: token, displayName: name.value });
  };

  return (
    <main class="page join" data-testid="join-page">
      <form class="join__card card" onSubmit={submit} noValidate>
        <div class="card__top">
          <h1 class="card__title">{t('join.heading')}</h1>
          <LanguageSwitch />
        </div>
        {info?.role && <p class="join__role">{t(info.role === 'teacher' ? 'join.asTeacher' : 'join.asStudent')}</p>}
        {!token && <p class="alert alert--warn">{t('join.noToken')}</p>}
        {expired && <p class="alert alert--warn" data-testid="join-link-expired">{t('join.linkExpired')}</p>}

        <JoinDevices />
        <DeviceProblems />

        <NameField value={name.value} onInput={(v) => (name.value = v)} showError={touched.value && !nameValid} onBlur={() => (touched.value = true)} />
        {joinError.value && (
          <p class="alert alert--error" role="alert" data-testid="join-error">
            {joinError.value}
          </p>
        )}
        <div class="join__actions">
          <button type="submit" class="button button--primary button--large" disabled={connecting} data-testid="join-button">
            {connecting ? t('join.joining') : t('join.button')}
          </button>
          {connecting && reconnectAttempt.value >= 2 && (
            <p class="muted join__retrying" role="status">
              {t('error.network')} {t('lesson.reconnectingAttempt', { attempt: reconnectAttempt.value })}
            </p>
          )}
          {connecting && (
            <button type="button" class="button button--ghost" onClick={cancelJoin} data-testid="join-cancel">
              {t('end.cancel')}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}

function NameField(props: { value: string; onInput: (value: string) => void; onBlur: () => void; showError: boolean }) {
  return (
    <>
      <label class="field">
        <span class="field__label">{t('join.nameLabel')}</span>
        <input
          class="field__input"
          type="text"
          name="name"
          autocomplete="name"
          maxLength={NAME_MAX_CHARS}
          placeholder={t('join.namePlaceholder')}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          onBlur={props.onBlur}
          aria-invalid={props.showError}
          data-testid="join-name"
        />
      </label>
      {props.showError && <p class="field__error">{t('join.nameInvalid', { max: NAME_MAX_CHARS })}</p>}
    </>
  );
}
