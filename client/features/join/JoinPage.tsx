import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { decodeJoinToken, type TimetableEntry } from '../../net/index.js';
import { joinError, phase, reconnectAttempt, upgradeBlocked } from '../../state/connection.js';
import { cancelJoin, joinLesson, lessonPasswordPrompt, NAME_MAX_CHARS, validateName } from '../../state/session.js';
import { devicesPrepared, prepareDevices, setJoinDefaults } from '../../state/selfMedia.js';
import { nameTypedOnEntry } from '../../state/entryJoin.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';
import { Link } from '../common/Link.js';
import { DeviceProblems, JoinDevices } from './JoinDevices.js';
import { LessonPasswordField, SessionJoinInfo } from './SessionJoinInfo.js';
import { RecordingNotice } from '../recording/RecordingNotice.js';
import { markOnce } from '../../util/timeline.js';

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
  /** The join link's token; '' for a signed-in user (the session cookie is the credential). */
  token: string;
  /** A signed-in join: the lesson as GET /api/lessons/:id describes it. */
  entry?: TimetableEntry | null;
  /** Skip asking for devices (component tests). Default false. */
  skipDevices?: boolean;
}

/**
 * The lesson's landing page: camera preview, devices, "Vào lớp". With a join link it asks for
 * a name; a signed-in user enters under their account's name, with the lesson's password when
 * a student needs one.
 */
export function JoinPage({ lessonId, token, entry = null, skipDevices = false }: JoinPageProps) {
  const info = useMemo(() => decodeJoinToken(token), [token]);
  const name = useSignal(nameTypedOnEntry() || info?.name || rememberedName());
  const password = useSignal('');
  const touched = useSignal(false);
  const session = token === '';

  useEffect(() => {
    markOnce('join-page');
    // Mounted while already joining: the join entry's join, whose devices the hand-over prepares (state/entryJoin.ts).
    if (skipDevices || phase.peek() === 'connecting') return;
    if (!devicesPrepared.peek()) setJoinDefaults(session ? (entry?.canManage ? 'teacher' : 'student') : (info?.role ?? null));
    void prepareDevices();
  }, []);

  const connecting = phase.value === 'connecting';
  const nameValid = session || validateName(name.value) !== null;
  const expired = info !== null && info.exp > 0 && info.exp <= Date.now();
  const prompt = lessonPasswordPrompt.value;
  const needsPassword = session && (prompt !== 'none' || (entry !== null && entry.lesson.hasPassword && !entry.canManage));

  const submit = (event: Event) => {
    event.preventDefault();
    markOnce('join-clicked');
    touched.value = true;
    if (!nameValid || connecting) return;
    if (needsPassword && !password.value) return;
    if (!session) rememberName(name.value.trim());
    void joinLesson({ lessonId, joinToken: token, displayName: session ? '' : name.value, lessonPassword: needsPassword ? password.value : '' }).then(() => {
      // A refused password is typed again from scratch.
      if (lessonPasswordPrompt.peek() === 'wrong' && phase.peek() === 'join') password.value = '';
    });
  };

  return (
    <main class="page join" data-testid="join-page">
      <form class="join__card card" onSubmit={submit} noValidate>
        <div class="card__top">
          <h1 class="card__title">{t('join.heading')}</h1>
          <LanguageSwitch />
        </div>
        {session && <SessionJoinInfo entry={entry} />}
        {session && <RecordingNotice lessonId={lessonId} />}
        {info?.role && <p class="join__role">{t(info.role === 'teacher' ? 'join.asTeacher' : 'join.asStudent')}</p>}
        {expired && <p class="alert alert--warn" data-testid="join-link-expired">{t('join.linkExpired')}</p>}

        <JoinDevices />
        <DeviceProblems />

        {!session && <NameField value={name.value} onInput={(v) => (name.value = v)} showError={touched.value && !nameValid} onBlur={() => (touched.value = true)} />}
        {needsPassword && <LessonPasswordField value={password.value} onInput={(v) => (password.value = v)} wrong={prompt === 'wrong'} />}
        {needsPassword && touched.value && !password.value && <p class="field__error">{t('join.passwordMissing')}</p>}
        {joinError.value && (
          <p class="alert alert--error" role="alert" data-testid="join-error">
            {joinError.value}
          </p>
        )}
        <div class="join__actions">
          <button type="submit" class="button button--primary button--large" disabled={connecting} data-testid={needsPassword ? 'lesson-password-submit' : 'join-button'}>
            {connecting ? t('join.joining') : t('join.button')}
          </button>
          {connecting && reconnectAttempt.value >= 2 && (
            <p class="muted join__retrying" role="status" data-testid="join-retrying">
              {upgradeBlocked.value ? t('join.upgradeBlocked', { attempt: reconnectAttempt.value }) : `${t('error.network')} ${t('lesson.reconnectingAttempt', { attempt: reconnectAttempt.value })}`}
            </p>
          )}
          {connecting && (
            <button type="button" class="button button--ghost" onClick={cancelJoin} data-testid="join-cancel">
              {t('end.cancel')}
            </button>
          )}
          {session && !connecting && (
            <Link href="/" class="button button--ghost" testId="join-back">
              {t('join.back')}
            </Link>
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
