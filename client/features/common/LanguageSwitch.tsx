import { lang, LANGS, setLang, t } from '../../i18n/index.js';

/** "Tiếng Việt | English", each in its own language so that anyone can find theirs. */
export function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button
          type="button"
          key={l}
          class={`lang-switch__button ${lang.value === l ? 'is-active' : ''}`}
          aria-pressed={lang.value === l}
          data-testid={`lang-${l}`}
          onClick={() => setLang(l)}
        >
          {t(l === 'vi' ? 'lang.vi' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
