import { useEffect, useRef, useState } from 'preact/hooks';
import { tMat } from '../../i18n/materials.js';

// Types only: erased from the build, so the entry chunk never carries the library.
import type { PDFDocumentProxy as PdfDoc } from 'pdfjs-dist';

/**
 * pdf.js (Mozilla's maintained PDF renderer), loaded only when a PDF is opened: the library and
 * its worker are chunks of their own, never in the students' entry chunk. One page at a time,
 * fitted to the width of a phone, with previous / next: little memory on a cheap phone, and each
 * page shown counts as seen (R12). The file is read with Range requests as pages are needed.
 */
async function openPdf(url: string): Promise<{ doc: PdfDoc; destroy(): Promise<void> }> {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  const task = pdfjs.getDocument({ url, withCredentials: true });
  return { doc: await task.promise, destroy: () => task.destroy() };
}

export function PdfView({ url, downloadUrl, onPage }: { url: string; downloadUrl: string; onPage(page: number, count: number): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    let opened: { destroy(): Promise<void> } | null = null;
    openPdf(url).then(
      (d) => {
        opened = d;
        if (alive) setDoc(d.doc);
        else void d.destroy();
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      void opened?.destroy();
    };
  }, [url]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let task: { cancel(): void } | null = null;
    let alive = true;
    void (async () => {
      const p = await doc.getPage(page);
      if (!alive || !canvas.current) return;
      const width = box.current?.clientWidth || 340;
      const base = p.getViewport({ scale: 1 });
      const ratio = Math.min(2, window.devicePixelRatio || 1);
      const viewport = p.getViewport({ scale: (width / base.width) * ratio });
      canvas.current.width = Math.floor(viewport.width);
      canvas.current.height = Math.floor(viewport.height);
      canvas.current.style.width = `${Math.floor(viewport.width / ratio)}px`;
      const render = p.render({ canvas: canvas.current, viewport });
      task = render;
      await render.promise;
      if (alive) onPage(page, doc.numPages);
    })().catch(() => undefined);
    return () => {
      alive = false;
      task?.cancel();
    };
  }, [doc, page]);

  if (failed) {
    return (
      <p class="alert alert--error" data-testid="pdf-failed">
        {tMat('mat.pdfFailed')}{' '}
        <a href={downloadUrl} download>
          {tMat('mat.download')}
        </a>
      </p>
    );
  }
  return (
    <div class="pdf" ref={box} data-testid="pdf-view" data-page={page} data-pages={doc?.numPages ?? 0}>
      <canvas ref={canvas} class="pdf__page" />
      <div class="pdf__bar">
        <button type="button" class="button" disabled={!doc || page <= 1} onClick={() => setPage(page - 1)} data-testid="pdf-prev" aria-label="‹">
          ‹
        </button>
        <span data-testid="pdf-page-label">{doc ? tMat('mat.page', { page, count: doc.numPages }) : '…'}</span>
        <button type="button" class="button" disabled={!doc || page >= doc.numPages} onClick={() => setPage(page + 1)} data-testid="pdf-next" aria-label="›">
          ›
        </button>
      </div>
    </div>
  );
}
