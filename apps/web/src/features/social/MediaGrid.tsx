import type { MediaAsset } from '@souk/contracts';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { duration } from '../../lib/format.js';
import { PlayIcon } from '../../ui/icons.js';
import { ImageViewer } from './ImageViewer.js';

interface MediaGridProps {
  media: readonly MediaAsset[];
  /** Where a video's poster leads: its post, where it plays. */
  postHref: string;
}

/**
 * Media in a timeline, Weibo/Moments style: one image large, 2 and 4 in a
 * 2×2 grid, otherwise three across. Tapping an image opens the viewer.
 */
export function MediaGrid({ media, postHref }: MediaGridProps) {
  const t = useT();
  const [open, setOpen] = useState<number>();
  const video = media.find((asset) => asset.kind === 'video');
  if (video) {
    return (
      <a className="media-grid media-grid--single media-grid__video" href={postHref} aria-label={t('post.playVideo')}>
        <img src={video.thumbUrl} alt="" loading="lazy" style={{ aspectRatio: `${video.width} / ${video.height}` }} />
        <span className="media-grid__play">
          <PlayIcon size={28} />
        </span>
        {video.durationMs !== null && <span className="media-grid__duration">{duration(video.durationMs)}</span>}
      </a>
    );
  }
  if (media.length === 0) return null;
  const layout = media.length === 1 ? 'single' : media.length === 2 || media.length === 4 ? 'two' : 'three';
  return (
    <>
      <div className={`media-grid media-grid--${layout}`} data-testid="media-grid">
        {media.map((image, index) => (
          <button
            key={image.id}
            type="button"
            className="media-grid__cell"
            onClick={() => setOpen(index)}
            aria-label={t('viewer.open', { index: index + 1, count: media.length })}
          >
            <img
              src={image.thumbUrl}
              alt=""
              loading="lazy"
              style={layout === 'single' ? { aspectRatio: `${image.width} / ${image.height}` } : undefined}
            />
          </button>
        ))}
      </div>
      <ImageViewer images={media} index={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
