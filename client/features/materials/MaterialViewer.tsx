import { useEffect, useRef } from 'preact/hooks';
import { tMat } from '../../i18n/materials.js';
import type { MaterialVersionJson } from '../../net/materialsApi.js';
import { UsageReporter } from '../../state/materials.js';
import { RichText } from '../richText/RichText.js';
import { PdfView } from './PdfView.js';

const INLINE_IMAGE = /^image\/(jpeg|png|webp|gif)$/;

/**
 * A material as a student sees it on a phone: a PDF through pdf.js, video and audio played by the
 * browser (HTTP Range), images, a link, a lesson page with its formulas; Office documents (and
 * anything else) as a download. `materialId` set: the opening is recorded and reported (R12).
 */
export function MaterialViewer({ materialId, version, track }: { materialId: string; version: MaterialVersionJson; track: boolean }) {
  const reporter = useRef<UsageReporter | null>(null);
  useEffect(() => {
    if (!track) return;
    const r = new UsageReporter(materialId);
    reporter.current = r;
    void r.start().catch(() => undefined);
    return () => r.close();
  }, [materialId, track]);
  const onMediaTime = (e: Event) => {
    const m = e.target as HTMLMediaElement;
    if (m.duration > 0) reporter.current?.watched(m.currentTime / m.duration);
  };
  const file = version.file;
  return (
    <div class="material-view" data-testid="material-view" data-kind={version.kind}>
      {version.description && <p class="muted">{version.description}</p>}
      {version.kind === 'page' && version.body !== null && <RichText text={version.body} class="material-view__page" />}
      {version.kind === 'link' && version.url && (
        <a href={version.url} target="_blank" rel="noopener noreferrer" class="button button--primary" data-testid="material-link" onClick={() => reporter.current?.pageSeen(1, 1)}>
          {tMat('mat.openLink')}
        </a>
      )}
      {file && <FileView file={file} onPage={(p, n) => reporter.current?.pageSeen(p, n)} onMediaTime={onMediaTime} />}
    </div>
  );
}

function FileView({ file, onPage, onMediaTime }: { file: NonNullable<MaterialVersionJson['file']>; onPage(p: number, n: number): void; onMediaTime(e: Event): void }) {
  const inline = `${file.url}&inline=1`;
  const download = (
    <a href={file.url} class="button" download={file.fileName} data-testid="material-download">
      {tMat('mat.download')} ({file.fileName})
    </a>
  );
  if (file.mediaType === 'application/pdf') {
    return (
      <>
        <PdfView url={inline} downloadUrl={file.url} onPage={onPage} />
        <p>{download}</p>
      </>
    );
  }
  if (file.mediaType.startsWith('video/')) return (<><video src={file.url} controls preload="metadata" class="material-view__media" onTimeUpdate={onMediaTime} data-testid="material-video" /><p>{download}</p></>);
  if (file.mediaType.startsWith('audio/')) return (<><audio src={file.url} controls preload="metadata" onTimeUpdate={onMediaTime} data-testid="material-audio" /><p>{download}</p></>);
  if (INLINE_IMAGE.test(file.mediaType)) return (<><img src={inline} alt={file.fileName} class="material-view__image" onLoad={() => onPage(1, 1)} /><p>{download}</p></>);
  return (
    <p>
      {tMat('mat.downloadHint')} {download}
    </p>
  );
}
