/**
 * The join entry's words: the app's Vietnamese messages for them (client/i18n/vi.ts), copied
 * because the dictionary (~7 kB) is not on the entry's budget; entryText.test.ts keeps them equal.
 */
export const ENTRY_TEXT = {
  heading: 'Chuẩn bị vào lớp',
  asStudent: 'Bạn vào lớp với vai trò học sinh',
  nameLabel: 'Tên hiển thị',
  namePlaceholder: 'Nhập họ và tên',
  nameInvalid: 'Vui lòng nhập tên (từ 1 đến {max} ký tự).',
  button: 'Vào lớp',
  joining: 'Đang vào lớp…',
} as const;

/** The app's message key of each entry text. */
export const ENTRY_TEXT_KEYS: Record<keyof typeof ENTRY_TEXT, string> = {
  heading: 'join.heading',
  asStudent: 'join.asStudent',
  nameLabel: 'join.nameLabel',
  namePlaceholder: 'join.namePlaceholder',
  nameInvalid: 'join.nameInvalid',
  button: 'join.button',
  joining: 'join.joining',
};
