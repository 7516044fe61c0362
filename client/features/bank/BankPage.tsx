import { useEffect, useState } from 'preact/hooks';
import { tBank } from '../../i18n/bank.js';
import { authorSubjects, bankMeta, loadBank, loadBankMeta } from '../../state/bank.js';
import { editor, newForm, openEditor } from '../../state/bankEditor.js';
import { AppShell } from '../common/AppShell.js';
import { BankList } from './BankList.js';
import { ImportPanel } from './ImportPanel.js';
import { QuestionEditor } from './QuestionEditor.js';

/**
 * "Ngân hàng câu hỏi" (R16): the teacher's questions and their subject group's shared ones,
 * with filters by tag, the editor with a live KaTeX preview, import (preview, then apply) and
 * export (GIFT, Aiken). The admin reads. Loaded on first use, in its own chunk.
 */
export function BankPage() {
  const [tab, setTab] = useState<'list' | 'import'>('list');
  useEffect(() => {
    void loadBankMeta();
    void loadBank();
  }, []);
  const canWrite = authorSubjects().length > 0;
  return (
    <AppShell testId="bank-page">
      <div class="page-head bank-head">
        <h1 class="page-head__title">{tBank('bank.heading')}</h1>
        {canWrite && !editor.value && (
          <button type="button" class="button button--primary" onClick={() => openEditor(newForm())} data-testid="bank-new">
            {tBank('bank.new')}
          </button>
        )}
      </div>
      {bankMeta.value && !canWrite && bankMeta.value.subjects.length > 0 && <p class="muted">{tBank('bank.editor.noSubject')}</p>}
      <QuestionEditor />
      <div class="tabs" role="tablist">
        <button type="button" role="tab" class={tab === 'list' ? 'tabs__tab tabs__tab--on' : 'tabs__tab'} aria-selected={tab === 'list'} onClick={() => setTab('list')} data-testid="bank-tab-list">
          {tBank('bank.tab.list')}
        </button>
        {canWrite && (
          <button type="button" role="tab" class={tab === 'import' ? 'tabs__tab tabs__tab--on' : 'tabs__tab'} aria-selected={tab === 'import'} onClick={() => setTab('import')} data-testid="bank-tab-import">
            {tBank('bank.tab.import')}
          </button>
        )}
      </div>
      {tab === 'list' ? <BankList /> : <ImportPanel />}
    </AppShell>
  );
}
