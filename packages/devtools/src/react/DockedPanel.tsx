import {
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';
import { clampDockHeight, DOCK_HEIGHT_KEY, DOCK_MIN_PX, dockHeightFrom } from './dockHeight.ts';
import { colours } from './styles.ts';

export interface DockedPanelProps {
  /** The window edge it docks to. */
  edge: 'top' | 'bottom';
  children: ReactNode;
}

/** Pixels per arrow key on the handle. */
const KEY_STEP_PX = 20;

function stored(): string | null {
  try {
    return localStorage.getItem(DOCK_HEIGHT_KEY);
  } catch {
    return null; // storage refused (privacy settings, sandboxed frame): the default
  }
}

function store(px: number): void {
  try {
    localStorage.setItem(DOCK_HEIGHT_KEY, String(px));
  } catch {
    // not kept: the next page opens at the default
  }
}

/**
 * The in-page panel docked to a window edge, resizable by its handle (pointer or arrow keys), its height kept in
 * localStorage. While open it pads the page's body by its height, so the host page's content (an order list)
 * can always be scrolled clear of it; the page's own padding comes back when it closes.
 */
export function DockedPanel({ edge, children }: DockedPanelProps) {
  const [height, setHeight] = useState(() => dockHeightFrom(stored(), window.innerHeight));
  const dragging = useRef<number | null>(null);

  useEffect(() => {
    const side = edge === 'top' ? 'paddingTop' : 'paddingBottom';
    const style = document.body.style;
    const before = style[side];
    style[side] = `${height}px`;
    return () => {
      style[side] = before;
    };
  }, [edge, height]);

  useEffect(() => {
    // A window made smaller keeps some page above the panel.
    const resize = () => setHeight((px) => clampDockHeight(px, window.innerHeight));
    window.addEventListener('resize', resize);
    return () => window.removeEventListener('resize', resize);
  }, []);

  const heightAt = (clientY: number) =>
    clampDockHeight(edge === 'top' ? clientY : window.innerHeight - clientY, window.innerHeight);
  // The handle captures the pointer: the drag goes on wherever the pointer goes, even out of the window.
  const onPointerDown = (e: ReactPointerEvent<HTMLElement>) => {
    e.preventDefault(); // no text selection while dragging
    e.currentTarget.setPointerCapture?.(e.pointerId);
    dragging.current = e.pointerId;
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    if (dragging.current === e.pointerId) setHeight(heightAt(e.clientY));
  };
  const onPointerUp = (e: ReactPointerEvent) => {
    if (dragging.current !== e.pointerId) return;
    dragging.current = null;
    const px = heightAt(e.clientY);
    setHeight(px);
    store(px);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const grow = edge === 'top' ? 'ArrowDown' : 'ArrowUp';
    const shrink = edge === 'top' ? 'ArrowUp' : 'ArrowDown';
    if (e.key !== grow && e.key !== shrink) return;
    e.preventDefault();
    const px = clampDockHeight(height + (e.key === grow ? KEY_STEP_PX : -KEY_STEP_PX), window.innerHeight);
    setHeight(px);
    store(px);
  };

  const handle = (
    <div
      role="separator"
      aria-label="Resize Breakwater devtools"
      aria-valuenow={height}
      aria-valuemin={DOCK_MIN_PX}
      aria-valuemax={clampDockHeight(Infinity, window.innerHeight)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      style={{ flex: 'none', height: 6, cursor: 'ns-resize', background: colours.border, touchAction: 'none' }}
    />
  );
  return (
    <div
      data-testid="breakwater-dock"
      style={{
        position: 'fixed',
        left: 0,
        right: 0,
        [edge]: 0,
        height: `${height}px`,
        zIndex: 99999,
        display: 'flex',
        flexDirection: 'column',
        boxShadow: '0 0 12px rgba(0,0,0,.5)',
      }}
    >
      {edge === 'bottom' && handle}
      {children}
      {edge === 'top' && handle}
    </div>
  );
}
