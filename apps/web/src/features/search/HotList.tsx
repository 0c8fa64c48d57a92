import type { Trend } from '@souk/contracts';
import { href } from '../../app/paths.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { hashtagText } from '../../lib/rich-text.js';
import { ArrowDownIcon, ArrowUpIcon, FlameIcon } from '../../ui/icons.js';

/** Where a trend leads: a hashtag's page, or a search for a plain term. */
export function trendHref(trend: Trend): string {
  return trend.hashtagKey !== null ? href.hashtag(trend.hashtagKey) : href.search(trend.term);
}

/** Weibo's 热搜: rank, term, how it moved since the last refresh, and its heat. */
export function HotList({ trends, testId }: { trends: readonly Trend[]; testId?: string }) {
  return (
    <ol className="hot-list" data-testid={testId}>
      {trends.map((trend) => (
        <li key={`${trend.kind}:${trend.term}`}>
          <a className="hot-item" href={trendHref(trend)} data-testid="hot-item">
            <span className={trend.rank <= 3 ? `hot-item__rank hot-item__rank--top${trend.rank}` : 'hot-item__rank'}>{trend.rank}</span>
            <span className="hot-item__term">{trend.kind === 'hashtag' ? hashtagText(trend.term) : trend.term}</span>
            <Movement trend={trend} />
            <Heat heat={trend.heat} />
          </a>
        </li>
      ))}
    </ol>
  );
}

function Movement({ trend }: { trend: Trend }) {
  const { t, tn } = useI18n();
  const { movement } = trend;
  switch (movement.type) {
    case 'new':
      return <span className="movement movement--new">{t('hot.new')}</span>;
    case 'up':
      return (
        <span className="movement movement--up" aria-label={tn('hot.up', movement.by)} role="img">
          <ArrowUpIcon size={13} strokeWidth={2.4} />
          {movement.by}
        </span>
      );
    case 'down':
      return (
        <span className="movement movement--down" aria-label={tn('hot.down', movement.by)} role="img">
          <ArrowDownIcon size={13} strokeWidth={2.4} />
          {movement.by}
        </span>
      );
    case 'same':
      return (
        <span className="movement movement--same" aria-label={t('hot.same')} role="img">
          –
        </span>
      );
  }
}

function Heat({ heat }: { heat: number }) {
  const { t, locale } = useI18n();
  const shown = compactCount(Math.round(heat), locale);
  return (
    <span className="hot-item__heat" aria-label={t('hot.heat', { heat: shown })}>
      <FlameIcon size={12} aria-hidden="true" />
      {shown}
    </span>
  );
}

export function HotListSkeleton({ rows, label }: { rows: number; label: string }) {
  return (
    <div className="hot-list" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="hot-item">
          <span className="hot-item__rank">{index + 1}</span>
          <span className="skeleton-line skeleton" style={{ width: `${40 + ((index * 17) % 40)}%` }} />
        </div>
      ))}
    </div>
  );
}
