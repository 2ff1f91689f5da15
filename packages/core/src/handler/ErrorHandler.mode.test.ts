import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { HandlerEvent } from './HandlerEvent.ts';

const T0 = 1_700_000_000_000;
const outage = () => Object.assign(new Error('down for maintenance'), { name: 'OnMaintenance' });

function setup() {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({}, { clock, random: seededRandom(1) });
  const events: HandlerEvent[] = [];
  handler.subscribe((e) => {
    if (e.type.startsWith('mode.')) events.push(e);
  });
  return { clock, handler, events };
}

// Issue #11: an operator's switch to paper used to last until the bot's next automatic switch back (13 s).
describe('ErrorHandler: an operator holds paper trading', () => {
  it('a manual switch to paper is held: automatic switches back are refused, without an event', () => {
    const { handler, events } = setup();
    expect(handler.setMode('paper', 'operator', { manual: true })).toBe(true);
    expect(handler.setMode('live', 'exchange calm')).toBe(false);
    expect(handler.setMode('paper', 'exchange down')).toBe(true); // already there: nothing to refuse
    expect([handler.mode, handler.modeHeld]).toEqual(['paper', true]);
    expect(events).toEqual([
      { type: 'mode.changed', from: 'live', to: 'paper', reason: 'operator', held: true, at: T0 },
    ]);
  });

  it('releaseMode() ends the hold (once); the mode stays until the next switch', async () => {
    const { clock, handler, events } = setup();
    handler.setMode('paper', 'operator', { manual: true });
    await clock.advance(5_000);
    expect(handler.releaseMode('operator')).toBe(true);
    expect(handler.releaseMode('operator')).toBe(false);
    expect([handler.mode, handler.modeHeld]).toEqual(['paper', false]);
    expect(handler.setMode('live', 'exchange calm')).toBe(true);
    expect(events.slice(1)).toEqual([
      { type: 'mode.released', mode: 'paper', reason: 'operator', at: T0 + 5_000 },
      { type: 'mode.changed', from: 'paper', to: 'live', reason: 'exchange calm', at: T0 + 5_000 },
    ]);
  });

  it('an automatic switch to paper is not held; a manual switch to live ends a hold', () => {
    const { handler } = setup();
    handler.setMode('paper', 'exchange down');
    expect(handler.modeHeld).toBe(false);
    handler.setMode('paper', 'operator', { manual: true }); // the same mode, now held
    expect(handler.modeHeld).toBe(true);
    expect(handler.setMode('live', 'operator', { manual: true })).toBe(true);
    expect([handler.mode, handler.modeHeld]).toEqual(['live', false]);
  });

  it('the exchange_fallback action cannot undo a hold, and still degrades while held', async () => {
    const { handler } = setup();
    handler.setMode('paper', 'operator', { manual: true });
    const result = await handler.handle(handler.classify(outage(), 'create_order', 'kraken'));
    expect(result).toEqual({
      recovered: true,
      action: 'exchange_fallback',
      outcome: { type: 'degrade', mode: 'paper' },
    });
    expect([handler.mode, handler.modeHeld]).toEqual(['paper', true]);
  });
});
