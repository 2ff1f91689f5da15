// The docked panel's height: bounds, default and what a stored value may be.

/** Below this the tabs and the status bar leave no room for a row. */
export const DOCK_MIN_PX = 120;
/** The page keeps at least a tenth of the window. */
export const DOCK_MAX_FRACTION = 0.9;
export const DOCK_DEFAULT_FRACTION = 0.45;
/** Where the height the user dragged to is kept (localStorage), per origin. */
export const DOCK_HEIGHT_KEY = 'breakwater-devtools:dock-height';

/** Whole pixels between the minimum and 90 % of the viewport (the minimum wins in a tiny viewport). */
export function clampDockHeight(px: number, viewportPx: number): number {
  return Math.max(DOCK_MIN_PX, Math.min(Math.round(px), Math.floor(viewportPx * DOCK_MAX_FRACTION)));
}

/**
 * The height to open at: a stored value if it is a plain positive integer (clamped: the window may have
 * shrunk since), else the default. Storage is another script's to write too, so nothing in it is trusted.
 */
export function dockHeightFrom(stored: string | null, viewportPx: number): number {
  const px = stored !== null && /^[1-9]\d{0,5}$/.test(stored) ? Number(stored) : viewportPx * DOCK_DEFAULT_FRACTION;
  return clampDockHeight(px, viewportPx);
}
