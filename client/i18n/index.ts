export { t, scoped, lang, setLang, reloadLang, format, formatClock, formatDateTime, formatDay, formatDuration, LANGS, dictionary, languageReady, LANG_STORAGE_KEY, SCHOOL_TIME_ZONE } from './i18n.js';
export type { Lang, MessageKey, Params } from './i18n.js';
