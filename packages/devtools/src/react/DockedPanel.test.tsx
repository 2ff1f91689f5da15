import { ManualClock } from '@breakwater/core/testing';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BreakwaterDevtools, type DevtoolsSource } from '../index.ts';
import { DOCK_HEIGHT_KEY } from './dockHeight.ts';

const source: DevtoolsSource = {
  connect: (_, onStatus) => (onStatus('open'), () => undefined),
  command: async () => undefined,
};
const realHeight = window.innerHeight;

beforeEach(() => {
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: 1000 });
  localStorage.clear();
  document.body.style.paddingBottom = '8px'; // the page's own
  document.body.style.paddingTop = '';
});
afterEach(() => {
  cleanup();
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: realHeight });
  localStorage.clear();
  document.body.style.paddingBottom = '';
});

const dock = () => screen.getByTestId('breakwater-dock');
const handle = () => screen.getByRole('separator', { name: 'Resize Breakwater devtools' });

describe('the docked panel', () => {
  it('opens at 45 % of the window, reserves that space on the page (padding) and gives it back when closed', () => {
    render(<BreakwaterDevtools source={source} clock={new ManualClock(0)} />);
    expect(document.body.style.paddingBottom).toBe('8px');
    fireEvent.click(screen.getByRole('button', { name: 'Open Breakwater devtools' }));
    expect([dock().style.position, dock().style.bottom, dock().style.height]).toEqual(['fixed', '0px', '450px']);
    expect(document.body.style.paddingBottom).toBe('450px');
    expect([
      handle().getAttribute('aria-valuenow'),
      handle().getAttribute('aria-valuemin'),
      handle().getAttribute('aria-valuemax'),
    ]).toEqual(['450', '120', '900']);
    fireEvent.click(screen.getByRole('button', { name: 'Close Breakwater devtools' }));
    expect(document.body.style.paddingBottom).toBe('8px');
  });

  it('resizes by dragging its handle, within bounds, and remembers the height', () => {
    const view = render(<BreakwaterDevtools source={source} initialOpen clock={new ManualClock(0)} />);
    fireEvent.pointerDown(handle(), { clientY: 550, pointerId: 1 });
    fireEvent.pointerMove(handle(), { clientY: 400, pointerId: 1 });
    expect(dock().style.height).toBe('600px');
    expect(document.body.style.paddingBottom).toBe('600px');
    fireEvent.pointerMove(handle(), { clientY: 20, pointerId: 1 });
    expect(dock().style.height).toBe('900px');
    fireEvent.pointerMove(handle(), { clientY: 990, pointerId: 1 });
    expect(dock().style.height).toBe('120px');
    expect(localStorage.getItem(DOCK_HEIGHT_KEY)).toBeNull(); // kept on release, not per move
    fireEvent.pointerMove(handle(), { clientY: 700, pointerId: 1 });
    fireEvent.pointerUp(handle(), { clientY: 700, pointerId: 1 });
    expect(localStorage.getItem(DOCK_HEIGHT_KEY)).toBe('300');
    fireEvent.pointerMove(handle(), { clientY: 100, pointerId: 1 });
    expect(dock().style.height).toBe('300px'); // released: moves no longer resize
    fireEvent.pointerMove(handle(), { clientY: 100, pointerId: 2 });
    expect(dock().style.height).toBe('300px'); // nor does another pointer

    view.unmount();
    expect(document.body.style.paddingBottom).toBe('8px');
    render(<BreakwaterDevtools source={source} initialOpen clock={new ManualClock(0)} />);
    expect(dock().style.height).toBe('300px');
  });

  it('resizes from the keyboard too', () => {
    localStorage.setItem(DOCK_HEIGHT_KEY, '890');
    render(<BreakwaterDevtools source={source} initialOpen clock={new ManualClock(0)} />);
    fireEvent.keyDown(handle(), { key: 'ArrowUp' });
    expect(dock().style.height).toBe('900px');
    fireEvent.keyDown(handle(), { key: 'ArrowDown' });
    expect(dock().style.height).toBe('880px');
    expect(localStorage.getItem(DOCK_HEIGHT_KEY)).toBe('880');
    Object.defineProperty(window, 'innerHeight', { configurable: true, value: 500 });
    act(() => void window.dispatchEvent(new Event('resize')));
    expect(dock().style.height).toBe('450px'); // a smaller window keeps a tenth of the page in view
  });

  it('ignores a stored height that is not a number and survives storage that throws', () => {
    localStorage.setItem(DOCK_HEIGHT_KEY, '{"h":1}');
    render(<BreakwaterDevtools source={source} initialOpen clock={new ManualClock(0)} />);
    expect(dock().style.height).toBe('450px');
    cleanup();
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = () => {
      throw new Error('SecurityError');
    };
    try {
      render(<BreakwaterDevtools source={source} initialOpen clock={new ManualClock(0)} />);
      expect(dock().style.height).toBe('450px');
    } finally {
      Storage.prototype.getItem = getItem;
    }
  });

  it('docks at the top with position top-*, reserving padding-top', () => {
    render(<BreakwaterDevtools source={source} initialOpen position="top-left" clock={new ManualClock(0)} />);
    expect([
      dock().style.top,
      dock().style.height,
      document.body.style.paddingTop,
      document.body.style.paddingBottom,
    ]).toEqual(['0px', '450px', '450px', '8px']);
    fireEvent.pointerDown(handle(), { clientY: 450, pointerId: 1 });
    fireEvent.pointerMove(handle(), { clientY: 300, pointerId: 1 });
    act(() => void fireEvent.pointerUp(handle(), { clientY: 300, pointerId: 1 }));
    expect(dock().style.height).toBe('300px');
  });
});
