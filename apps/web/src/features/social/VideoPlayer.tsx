import type { MediaAsset } from '@souk/contracts';
import { useT } from '../../i18n/I18nProvider.js';

/** The browser's own player: poster frame first, nothing downloaded but metadata until play. */
export function VideoPlayer({ video }: { video: MediaAsset }) {
  const t = useT();
  return (
    <div className="video-player">
      <video
        src={video.url}
        poster={video.thumbUrl}
        controls
        playsInline
        preload="metadata"
        aria-label={t('post.video')}
        style={{ aspectRatio: `${video.width} / ${video.height}` }}
        data-testid="video-player"
      />
    </div>
  );
}
