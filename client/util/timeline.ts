/**
 * Marks on the page's performance timeline. `markOnce` marks the first join (bench:netem prints
 * them as a waterfall next to the resource timings: where the seconds from opening the link to
 * hearing the teacher go); a name is marked once per page. `markStep` marks every time, for the
 * steps of a reconnection (bench:failover prints them after the kill: socket reopened, join
 * answered, transports connected, produced, consumed); a page keeps at most MAX_STEPS of them,
 * so a long lesson with many reconnections cannot grow the timeline without end. A browser
 * without the User Timing API simply gets no marks.
 */
const marked = new Set<string>();
const MAX_STEPS = 400;
let steps = 0;

function mark(name: string): void {
  try {
    globalThis.performance?.mark?.(`lophoc:${name}`);
  } catch {
    // no timeline here
  }
}

/** Whether the page's timeline has the mark already (the join entry, built apart, has its own copy of this module). */
function onTimeline(name: string): boolean {
  try {
    return (globalThis.performance?.getEntriesByName?.(`lophoc:${name}`, 'mark').length ?? 0) > 0;
  } catch {
    return false;
  }
}

export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  if (!onTimeline(name)) mark(name);
}

/** Marks `name` again on each call (up to MAX_STEPS marks per page); the first call also counts as `markOnce(name)`. */
export function markStep(name: string): void {
  if (!marked.has(name)) {
    markOnce(name);
    return;
  }
  if (steps >= MAX_STEPS) return;
  steps++;
  mark(name);
}
