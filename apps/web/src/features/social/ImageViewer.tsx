import type { MediaAsset } from '@souk/contracts';
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon } from '../../ui/icons.js';

interface ImageViewerProps {
  images: readonly MediaAsset[];
  /** The image to open on; undefined keeps the viewer closed. */
  index: number | undefined;
  /** Called with the image shown last, so a carousel behind can follow. */
  onClose: (lastIndex: number) => void;
}

/** How far a finger must travel sideways, in CSS pixels, to turn to the next image. */
const SWIPE_MIN = 50;

/**
 * Full-screen images on black: swipe or arrow keys to move, Escape or the
 * close button to leave. A modal <dialog>, so focus and Escape work natively.
 */
export function ImageViewer({ images, index, onClose }: ImageViewerProps) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [current, setCurrent] = useState(index ?? 0);
  const [dragX, setDragX] = useState(0);
  const start = useRef<{ x: number; y: number; id: number } | null>(null);
  const open = index !== undefined;

  useEffect(() => {
    if (index !== undefined) setCurrent(index);
  }, [index]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const go = (step: number) => setCurrent((value) => Math.min(images.length - 1, Math.max(0, value + step)));

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowRight') go(1);
    else if (event.key === 'ArrowLeft') go(-1);
    else return;
    event.preventDefault();
  };

  const onPointerDown = (event: PointerEvent) => {
    start.current = { x: event.clientX, y: event.clientY, id: event.pointerId };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (start.current?.id === event.pointerId) setDragX(event.clientX - start.current.x);
  };
  const onPointerEnd = (event: PointerEvent) => {
    const from = start.current;
    start.current = null;
    setDragX(0);
    if (!from || from.id !== event.pointerId) return;
    const dx = event.clientX - from.x;
    const dy = event.clientY - from.y;
    if (Math.abs(dx) >= SWIPE_MIN && Math.abs(dx) > Math.abs(dy)) go(dx < 0 ? 1 : -1);
  };

  const image = images[current];
  return (
    <dialog
      ref={dialog}
      className="viewer"
      aria-label={t('viewer.title')}
      onCancel={(event) => {
        event.preventDefault();
        onClose(current);
      }}
      onKeyDown={onKeyDown}
      data-testid="image-viewer"
    >
      {open && image && (
        <>
          <div
            className="viewer__stage"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerEnd}
            onPointerCancel={onPointerEnd}
          >
            <img
              key={image.id}
              className="viewer__image"
              src={image.url}
              alt={t('viewer.imageOf', { index: current + 1, count: images.length })}
              style={{ transform: dragX ? `translateX(${dragX}px)` : undefined }}
              draggable={false}
              data-testid="viewer-image"
            />
          </div>
          <button type="button" className="viewer__close icon-button" onClick={() => onClose(current)} aria-label={t('viewer.close')} data-testid="viewer-close">
            <CloseIcon />
          </button>
          {images.length > 1 && (
            <>
              <p className="viewer__counter" data-testid="viewer-counter">
                {current + 1} / {images.length}
              </p>
              <button type="button" className="viewer__nav viewer__nav--prev icon-button" onClick={() => go(-1)} disabled={current === 0} aria-label={t('viewer.previous')}>
                <ChevronLeftIcon />
              </button>
              <button
                type="button"
                className="viewer__nav viewer__nav--next icon-button"
                onClick={() => go(1)}
                disabled={current === images.length - 1}
                aria-label={t('viewer.next')}
              >
                <ChevronRightIcon />
              </button>
            </>
          )}
        </>
      )}
    </dialog>
  );
}
