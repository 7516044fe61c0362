/**
 * Initials for a tile without video: the first letters of the family name and of the given
 * name ("Nguyễn Văn An" -> "NA"), or the first one or two letters of a single word.
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...(words[0] ?? '')];
  const last = [...(words[words.length - 1] ?? '')];
  const letters = words.length === 1 ? first.slice(0, 2).join('') : `${first[0] ?? ''}${last[0] ?? ''}`;
  return letters.toLocaleUpperCase('vi');
}
