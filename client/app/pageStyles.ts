/**
 * The stylesheet of the lesson's screen and of every page but the join page (styles/screens.css,
 * ~7 kB gzip). The first download carries only join.css, so that a join link shows "Vào lớp"
 * sooner on a weak link (issue 10); lazyPage() loads this with each page's chunk and shows the
 * page once both are here (no unstyled flash). Fetched once; a failed fetch is tried again on next use.
 */
let styles: Promise<void> | null = null;

export function loadScreenStyles(): Promise<void> {
  styles ??= import('../styles/screens.css').then(
    () => undefined,
    (error: unknown) => {
      styles = null;
      throw error;
    },
  );
  return styles;
}
