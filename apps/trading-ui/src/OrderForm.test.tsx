import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OrderForm } from './OrderForm.tsx';
import { ORDER_MESSAGE_MS, shownOutcome, type OrderOutcome } from './orderOutcome.ts';
import type { ShownOrder, TradingSession } from './session.ts';

const form = (lastPrice: number | undefined) => {
  const html = renderToStaticMarkup(
    <OrderForm session={{} as TradingSession} lastPrice={lastPrice} paperMode={false} onPlaced={() => undefined} />,
  );
  const button = /<button type="submit"[^>]*>([^<]*)<\/button>/.exec(html)!;
  return { text: button[1], disabled: /disabled=""/.test(button[0]) };
};

describe('OrderForm', () => {
  it('says "Waiting for a price…" and cannot submit until the first price, then places', () => {
    expect(form(undefined)).toEqual({ text: 'Waiting for a price…', disabled: true });
    expect(form(42_000)).toEqual({ text: 'Place buy', disabled: false });
  });

  it('an order message shows for 10 s, then goes', () => {
    const order = { id: 'o-1', status: 'open', paper: false } as ShownOrder;
    const outcome: OrderOutcome = { kind: 'placed', order, at: 5_000 };
    expect(ORDER_MESSAGE_MS).toBe(10_000);
    expect(shownOutcome(outcome, 5_000)).toBe(outcome);
    expect(shownOutcome(outcome, 14_999)).toBe(outcome);
    expect(shownOutcome(outcome, 15_000)).toBeUndefined();
    expect(shownOutcome(undefined, 15_000)).toBeUndefined();
  });
});
