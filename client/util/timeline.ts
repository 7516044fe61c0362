/**
 * Marks on the page's performance timeline for the first join (bench:netem prints them as a
 * waterfall next to the resource timings: where the seconds from opening the link to hearing
 * the teacher go). Each name is marked once per page, so reconnections in a long lesson add
 * nothing; a browser without the User Timing API simply gets no marks.
 */
const marked = new Set<string>();

export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  try {
    globalThis.performance?.mark?.(`lophoc:${name}`);
  } catch {
    // no timeline here
  }
}
