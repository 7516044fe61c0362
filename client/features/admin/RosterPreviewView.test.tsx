import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n/index.js';
import { api } from '../../net/index.js';
import { RosterPreviewView } from './RosterPreviewView.js';

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
  setLang('vi');
});

/** A preview as the server answers it (parsed like the real one). */
const preview = api.parseRosterPreview({
  kind: 'students',
  rows: [{ line: 2, code: '079200000001', displayName: 'Nguyễn Văn An', action: 'create', className: '8A' }],
  issues: [
    { line: 4, column: 'Mã định danh', code: 'ID_CODE_SPREADSHEET_NUMBER', message: 'looks like a spreadsheet number' },
    { line: 3, column: 'Lớp', code: 'CLASS_UNKNOWN', message: 'There is no class "8Z" in this school' },
    { line: 3, column: null, code: 'WRONG_FIELD_COUNT', message: 'Line 3 has 4 fields' },
    { line: 5, column: 'Lớp', code: 'A_CODE_FROM_THE_FUTURE', message: 'Something new the server found' },
  ],
  ignoredColumns: ['Ghi chú'],
  counts: { create: 1, update: 0, unchanged: 0 },
  ok: false,
});

describe('RosterPreviewView', () => {
  it('lists every issue by line with its column and a reason in the admin\'s language', () => {
    act(() => render(<RosterPreviewView preview={preview} />, container));
    const rows = [...container.querySelectorAll('[data-testid="roster-issue"]')];
    expect(rows.map((r) => [r.getAttribute('data-line'), r.getAttribute('data-code')])).toEqual([
      ['3', 'WRONG_FIELD_COUNT'],
      ['3', 'CLASS_UNKNOWN'],
      ['4', 'ID_CODE_SPREADSHEET_NUMBER'],
      ['5', 'UNKNOWN'],
    ]);
    const cells = (i: number) => [...(rows[i]?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
    expect(cells(0)).toEqual(['3', 'Cả dòng', 'Số ô của dòng này khác với dòng tiêu đề.']);
    expect(cells(1)?.[2]).toContain('Lớp này chưa có trong trường');
    expect(cells(2)?.[2]).toContain('Excel');
    // A code this build does not know: the server's own words rather than nothing.
    expect(cells(3)?.[2]).toBe('Something new the server found');
    expect(container.textContent).toContain('Ghi chú');
    expect(container.querySelector('[data-testid="roster-preview-result"]')?.getAttribute('data-ok')).toBe('false');
  });

  it('shows each valid row with its planned action, in English too', () => {
    setLang('en');
    act(() => render(<RosterPreviewView preview={{ ...preview, issues: [], ok: true }} />, container));
    const row = container.querySelector('[data-testid="roster-row"]');
    expect(row?.getAttribute('data-action')).toBe('create');
    expect(row?.textContent).toContain('Nguyễn Văn An');
    expect(row?.textContent).toContain('Create');
    expect(container.querySelector('[data-testid="roster-counts"]')?.textContent).toBe('1 accounts will be created, 0 updated, 0 unchanged.');
    expect(container.querySelector('[data-testid="roster-issue"]')).toBeNull();
  });
});
