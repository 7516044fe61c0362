import { t } from '../../i18n/index.js';
import { currentPage, nextPage, pageCount, previousPage, teacherOnlyApplies, visibleTiles } from '../../state/layout.js';
import { selfRole } from '../../state/lesson.js';
import { audioOnly, trackKey, videoTracks } from '../../state/remoteMedia.js';
import { Icon } from '../common/Icon.js';
import { Tile } from './Tile.js';

/** The current page of participant tiles, with the pager when there is more than one page. */
export function TileGrid() {
  const tiles = visibleTiles.value;
  const pages = pageCount.value;
  const page = currentPage.value;
  const tracks = videoTracks.value;
  if (tiles.length === 0) {
    return (
      <div class="grid grid--empty" data-testid="tile-grid">
        <p class="muted">{selfRole.value === 'teacher' ? t('lesson.noStudents') : ''}</p>
      </div>
    );
  }
  return (
    <div class="grid-wrap">
      <div class={`grid grid--${selfRole.value} grid--n${Math.min(tiles.length, 12)}`} data-testid="tile-grid">
        {tiles.map((p) => (
          <Tile key={p.id} participant={p} stream={tracks.get(trackKey(p.id, 'camera'))?.stream ?? null} videoHidden={audioOnly.value || (teacherOnlyApplies.value && p.role !== 'teacher')} />
        ))}
      </div>
      {pages > 1 && (
        <nav class="pager" aria-label={t('lesson.page', { page: page + 1, pages })}>
          <button type="button" class="pager__button" onClick={previousPage} disabled={page === 0} aria-label={t('lesson.prevPage')} data-testid="page-prev">
            <Icon name="left" />
          </button>
          <span class="pager__label" data-testid="page-indicator">
            {t('lesson.page', { page: page + 1, pages })}
          </span>
          <button type="button" class="pager__button" onClick={nextPage} disabled={page >= pages - 1} aria-label={t('lesson.nextPage')} data-testid="page-next">
            <Icon name="right" />
          </button>
        </nav>
      )}
    </div>
  );
}
