import { t } from '../../i18n/index.js';
import { tBank } from '../../i18n/bank.js';
import { COGNITIVE_LEVELS, QUESTION_KINDS, type CognitiveLevel, type QuestionKind } from '../../net/bankApi.js';
import { bankError, bankFilters, bankItems, bankLoading, bankMeta, bankNotice, bankTotal, exportUrl, loadBank, setFilters, type Scope } from '../../state/bank.js';
import { QuestionCard } from './QuestionCard.js';

const GRADES = Array.from({ length: 7 }, (_, i) => String(i + 6));

/** The list: filters by tag and text, the questions, more on demand, and the export of what is filtered. */
export function BankList() {
  const f = bankFilters.value;
  const meta = bankMeta.value;
  const submit = (e: Event) => {
    e.preventDefault();
    void loadBank();
  };
  const select = <K extends keyof typeof f>(key: K, value: (typeof f)[K]) => {
    setFilters({ [key]: value } as Partial<typeof f>);
    void loadBank();
  };
  return (
    <section class="bank-list" aria-labelledby="bank-list-title">
      <h2 id="bank-list-title" class="visually-hidden">
        {tBank('bank.tab.list')}
      </h2>
      <form class="bank-filters card" onSubmit={submit} data-testid="bank-filters">
        <label class="field">
          <span class="field__label">{tBank('bank.filter.scope')}</span>
          <select class="field__input" value={f.scope} onChange={(e) => select('scope', e.currentTarget.value as Scope)} data-testid="bank-filter-scope">
            {(['all', 'mine', 'shared'] as const).map((s) => (
              <option key={s} value={s}>
                {tBank(`bank.scope.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.filter.subject')}</span>
          <select class="field__input" value={f.subjectId} onChange={(e) => select('subjectId', e.currentTarget.value)} data-testid="bank-filter-subject">
            <option value="">{tBank('bank.filter.anySubject')}</option>
            {(meta?.subjects ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.filter.kind')}</span>
          <select class="field__input" value={f.kind} onChange={(e) => select('kind', e.currentTarget.value as QuestionKind | '')} data-testid="bank-filter-kind">
            <option value="">{tBank('bank.filter.anyKind')}</option>
            {QUESTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {tBank(`bank.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.filter.grade')}</span>
          <select class="field__input" value={f.gradeLevel} onChange={(e) => select('gradeLevel', e.currentTarget.value)} data-testid="bank-filter-grade">
            <option value="">{tBank('bank.filter.anyGrade')}</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {tBank('bank.grade', { n: g })}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.filter.topic')}</span>
          <select class="field__input" value={f.topic} onChange={(e) => select('topic', e.currentTarget.value)} data-testid="bank-filter-topic">
            <option value="">{tBank('bank.filter.anyTopic')}</option>
            {(meta?.topics ?? []).map((topic) => (
              <option key={topic} value={topic}>
                {topic}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.filter.level')}</span>
          <select class="field__input" value={f.level} onChange={(e) => select('level', e.currentTarget.value as CognitiveLevel | '')} data-testid="bank-filter-level">
            <option value="">{tBank('bank.filter.anyLevel')}</option>
            {COGNITIVE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {tBank(`bank.level.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field bank-filters__search">
          <span class="field__label">{tBank('bank.filter.search')}</span>
          <input class="field__input" type="search" value={f.q} onInput={(e) => setFilters({ q: e.currentTarget.value })} data-testid="bank-filter-q" />
        </label>
        <button type="submit" class="button" data-testid="bank-filter-apply">
          {tBank('bank.filter.apply')}
        </button>
      </form>
      <div class="bank-list__bar">
        <p class="muted" data-testid="bank-count" data-count={bankTotal.value}>
          {tBank('bank.count', { count: bankTotal.value })}
        </p>
        <span class="bank-list__export">
          {tBank('bank.export')}:{' '}
          <a href={exportUrl('gift')} download data-testid="export-gift">
            {tBank('bank.exportGift')}
          </a>
          {' · '}
          <a href={exportUrl('aiken')} download data-testid="export-aiken">
            {tBank('bank.exportAiken')}
          </a>
        </span>
      </div>
      {bankNotice.value && (
        <p class="alert alert--ok" role="status" data-testid="bank-notice">
          {bankNotice.value}
        </p>
      )}
      {bankError.value && (
        <p class="alert alert--error" role="alert" data-testid="bank-error">
          {bankError.value}
        </p>
      )}
      {bankItems.value.length === 0 && !bankLoading.value && <p class="muted" data-testid="bank-empty">{tBank('bank.empty')}</p>}
      <ul class="bank-items">
        {bankItems.value.map((item) => (
          <QuestionCard key={item.question.id} item={item} />
        ))}
      </ul>
      {bankLoading.value && <p class="muted" role="status">{t('common.loading')}</p>}
      {bankItems.value.length < bankTotal.value && !bankLoading.value && (
        <button type="button" class="button" onClick={() => void loadBank(true)} data-testid="bank-more">
          {tBank('bank.more')}
        </button>
      )}
    </section>
  );
}
