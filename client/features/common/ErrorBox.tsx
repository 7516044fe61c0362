import { t } from '../../i18n/index.js';

/** A failed action: the translated message, and the server's own words when they add something. */
export function ErrorBox({ error, testId }: { error: { message: string; detail: string }; testId?: string }) {
  return (
    <div class="alert alert--error" role="alert" data-testid={testId}>
      <p>{error.message}</p>
      {error.detail && error.detail !== error.message && <p class="alert__detail">{t('common.serverSaid', { detail: error.detail })}</p>}
    </div>
  );
}
