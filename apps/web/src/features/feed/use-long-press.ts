import { useEffect, useRef, type MouseEvent, type PointerEvent } from 'react';

/** Held this long without moving: a long press (about what phones use for their own menus). */
const HOLD_MS = 500;
/** A finger moving further than this is scrolling or swiping, not holding. */
const SLOP_PX = 10;

/**
 * Handlers that call `onLongPress` when an element is pressed and held, by
 * touch, pen or mouse; a right click (and Android's own long-press menu, which
 * arrives as a contextmenu event) does the same. The click that ends a long
 * press is swallowed, so the press does not also open what was under it.
 */
export function useLongPress(onLongPress: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const start = useRef<{ x: number; y: number } | undefined>(undefined);
  const fired = useRef(false);
  const latest = useRef(onLongPress);
  useEffect(() => {
    latest.current = onLongPress;
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const cancel = () => {
    clearTimeout(timer.current);
    start.current = undefined;
  };

  const fire = () => {
    cancel();
    fired.current = true;
    latest.current();
  };

  return {
    onPointerDown: (event: PointerEvent) => {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      fired.current = false;
      start.current = { x: event.clientX, y: event.clientY };
      clearTimeout(timer.current);
      timer.current = setTimeout(fire, HOLD_MS);
    },
    onPointerMove: (event: PointerEvent) => {
      const origin = start.current;
      if (origin && Math.hypot(event.clientX - origin.x, event.clientY - origin.y) > SLOP_PX) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onPointerLeave: cancel,
    onContextMenu: (event: MouseEvent) => {
      event.preventDefault();
      if (!fired.current) fire();
    },
    onClickCapture: (event: MouseEvent) => {
      if (!fired.current) return;
      fired.current = false;
      event.preventDefault();
      event.stopPropagation();
    },
  };
}
