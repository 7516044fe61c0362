import { useState } from 'preact/hooks';
import { tBank } from '../../i18n/bank.js';
import { archiveQuestion, copyQuestion, subjectName, type BankItem } from '../../state/bank.js';
import { formOf, openEditor } from '../../state/bankEditor.js';
import { QuestionView } from './QuestionView.js';

/** One question of the list: its tags, the question with its key, and what the teacher may do with it. */
export function QuestionCard({ item }: { item: BankItem }) {
  const q = item.question;
  const [confirm, setConfirm] = useState(false);
  return (
    <li class="card qcard" data-testid="bank-item" data-question-id={q.id} data-kind={q.kind}>
      <div class="qcard__tags">
        <span class="chip chip--kind">{tBank(`bank.kind.${q.kind}`)}</span>
        <span class="chip">{subjectName(q.subjectId)}</span>
        {q.tags.gradeLevel !== null && <span class="chip">{tBank('bank.grade', { n: q.tags.gradeLevel })}</span>}
        {q.tags.topic && <span class="chip">{q.tags.topic}</span>}
        {q.tags.level && <span class="chip chip--level">{tBank(`bank.level.${q.tags.level}`)}</span>}
        <span class={q.shared ? 'chip chip--shared' : 'chip'}>{q.shared ? tBank('bank.shared') : tBank('bank.private')}</span>
      </div>
      <QuestionView question={q.question} />
      <p class="qcard__meta muted">
        {tBank('bank.owner', { name: item.ownerName })} · {tBank('bank.version', { n: q.version })}
      </p>
      <div class="qcard__actions">
        <button type="button" class="button button--small" onClick={() => openEditor(formOf(q, item.canManage))} data-testid="bank-item-edit">
          {item.canManage ? tBank('bank.edit') : tBank('bank.view')}
        </button>
        {!item.canManage && (
          <button type="button" class="button button--small" onClick={() => void copyQuestion(q.id)} data-testid="bank-item-copy">
            {tBank('bank.copy')}
          </button>
        )}
        {item.canManage && !confirm && (
          <button type="button" class="button button--small button--ghost" onClick={() => setConfirm(true)} data-testid="bank-item-archive">
            {tBank('bank.archive')}
          </button>
        )}
        {confirm && (
          <span class="qcard__confirm" role="group">
            <span>{tBank('bank.archiveConfirm')}</span>
            <button type="button" class="button button--small button--danger" onClick={() => void archiveQuestion(q.id)} data-testid="bank-item-archive-confirm">
              {tBank('bank.archiveYes')}
            </button>
            <button type="button" class="button button--small" onClick={() => setConfirm(false)}>
              {tBank('bank.no')}
            </button>
          </span>
        )}
      </div>
    </li>
  );
}
