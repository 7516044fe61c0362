import { t } from '../../i18n/index.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';

/** Phase 1: explains how to get in. Login and the timetable come later. */
export function HomePage() {
  return (
    <main class="page page--center" data-testid="home-page">
      <div class="card">
        <div class="card__top">
          <h1 class="card__title">{t('home.heading')}</h1>
          <LanguageSwitch />
        </div>
        <p>{t('home.body')}</p>
        <p class="muted">{t('home.hint')}</p>
      </div>
    </main>
  );
}
