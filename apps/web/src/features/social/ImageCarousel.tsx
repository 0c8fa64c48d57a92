import type { MediaAsset } from '@souk/contracts';
import { useRef, useState } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { coverRatio } from './columns.js';
import { ImageViewer } from './ImageViewer.js';

/**
 * A post's images, swiped sideways with scroll snapping (the browser's own
 * touch scrolling), dots below; a tap opens the full-screen viewer. With
 * `fill` it takes the height of its container (the swipe feed) instead of the
 * first image's proportions, each image fitted inside.
 */
export function ImageCarousel({ images, fill = false }: { images: readonly MediaAsset[]; fill?: boolean }) {
  const t = useT();
  const track = useRef<HTMLDivElement>(null);
  const [current, setCurrent] = useState(0);
  const [open, setOpen] = useState<number>();
  const first = images[0];
  if (!first) return null;

  const onScroll = () => {
    const element = track.current;
    if (element) setCurrent(Math.round(element.scrollLeft / element.clientWidth));
  };

  const show = (index: number) => {
    const element = track.current;
    element?.scrollTo({ left: index * element.clientWidth, behavior: 'smooth' });
  };

  return (
    <div className={fill ? 'carousel carousel--fill' : 'carousel'} data-testid="carousel">
      <div ref={track} className="carousel__track" onScroll={onScroll} style={fill ? undefined : { aspectRatio: `1 / ${coverRatio(first.width, first.height)}` }}>
        {images.map((image, index) => (
          <button
            key={image.id}
            type="button"
            className="carousel__slide"
            onClick={() => setOpen(index)}
            aria-label={t('viewer.open', { index: index + 1, count: images.length })}
          >
            <img src={image.url} alt="" loading={index === 0 ? 'eager' : 'lazy'} draggable={false} data-testid="carousel-image" />
          </button>
        ))}
      </div>
      {images.length > 1 && (
        <>
          <span className="carousel__counter">
            {current + 1}/{images.length}
          </span>
          <div className="carousel__dots">
            {images.map((image, index) => (
              <button
                key={image.id}
                type="button"
                className={index === current ? 'carousel__dot carousel__dot--active' : 'carousel__dot'}
                onClick={() => show(index)}
                aria-label={t('viewer.goTo', { index: index + 1 })}
                aria-current={index === current || undefined}
              />
            ))}
          </div>
        </>
      )}
      <ImageViewer
        images={images}
        index={open}
        onClose={(last) => {
          show(last);
          setOpen(undefined);
        }}
      />
    </div>
  );
}
