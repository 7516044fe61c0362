import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { tAdmin } from '../../i18n/admin.js';
import type { User, UserRole } from '../../net/index.js';
import { accounts, accountsError, accountsLoading, accountsRole, loadAccounts, resetPassword, resetResult } from '../../state/admin.js';
import type { ActionError } from '../../state/teach.js';
import { erasedNotice } from '../../state/privacy.js';
import { ErrorBox } from '../common/ErrorBox.js';
import { StudentDataActions } from './StudentDataActions.js';

const ROLES: readonly UserRole[] = ['student', 'teacher', 'parent', 'admin'];

/**
 * Accounts by role, with "Đặt lại mật khẩu" (a forgotten password: the new one is shown once)
 * and, for students, the export and erasure of their data.
 */
export function AccountsList() {
  useEffect(() => {
    void loadAccounts();
  }, []);
  return (
    <section class="card card--wide" id="accounts" aria-labelledby="accounts-title" data-testid="admin-accounts">
      <h2 id="accounts-title" class="section__title">
        {tAdmin('accounts.heading')}
      </h2>
      <label class="field">
        <span class="field__label">{tAdmin('accounts.role')}</span>
        <select class="field__input" value={accountsRole.value} onChange={(e) => {
            erasedNotice.value = null;
            void loadAccounts(e.currentTarget.value as UserRole);
          }} data-testid="accounts-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {accountsError.value && <p class="alert alert--error">{accountsError.value}</p>}
      {erasedNotice.value && (
        <p class="alert alert--ok" role="status" data-testid="student-erased">
          {erasedNotice.value}
        </p>
      )}
      {accountsLoading.value && <p class="muted">{t('common.loading')}</p>}
      {!accountsLoading.value && accounts.value.length === 0 && <p class="muted">{tAdmin('accounts.none')}</p>}
      {accounts.value.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{tAdmin('roster.name')}</th>
                <th>{tAdmin('accounts.login')}</th>
                {accountsRole.value === 'student' && <th>{tAdmin('roster.class')}</th>}
                <th>
                  <span class="visually-hidden">{tAdmin('accounts.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.value.map((a) => (
                <AccountRow key={a.id} account={a} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AccountRow({ account: a }: { account: User }) {
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<ActionError | null>(null);
  const shown = resetResult.value?.userId === a.id ? resetResult.value.password : null;
  const reset = async () => {
    busy.value = true;
    const result = await resetPassword(a.id);
    busy.value = false;
    confirming.value = false;
    error.value = result.ok ? null : result.error;
  };
  return (
    <tr data-testid="account-row" data-user-id={a.id} data-code={a.code ?? ''}>
      <td>{a.displayName}</td>
      <td class="mono">{a.code ?? a.username}</td>
      {accountsRole.value === 'student' && <td>{a.className ?? ''}</td>}
      <td class="table__actions">
        {shown ? (
          <span class="new-password">
            {tAdmin('accounts.newPassword')}{' '}
            <strong class="mono" data-testid="account-new-password">
              {shown}
            </strong>
          </span>
        ) : confirming.value ? (
          <>
            <button type="button" class="button button--small button--danger" disabled={busy.value} onClick={() => void reset()} data-testid="account-reset-confirm">
              {tAdmin('accounts.resetConfirm')}
            </button>
            <button type="button" class="button button--small" onClick={() => (confirming.value = false)}>
              {t('end.cancel')}
            </button>
          </>
        ) : (
          <button type="button" class="button button--small" onClick={() => (confirming.value = true)} data-testid="account-reset">
            {tAdmin('accounts.reset')}
          </button>
        )}
        {a.role === 'student' && <StudentDataActions student={a} />}
        {error.value && <ErrorBox error={error.value} />}
      </td>
    </tr>
  );
}
