export { t, lang, setLang, reloadLang, format, formatClock, formatDuration, LANGS, DICTIONARIES, LANG_STORAGE_KEY } from './i18n.js';
export type { Lang, MessageKey, Params } from './i18n.js';
