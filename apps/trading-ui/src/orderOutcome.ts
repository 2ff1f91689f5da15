// What the order form says after a submit, and for how long: a message about an order minutes ago, left on
// screen, reads as news about the order just typed.
import type { ShownOrder } from './session.ts';

export type OrderOutcome = ({ kind: 'placed' | 'paper'; order: ShownOrder } | { kind: 'failed'; message: string }) & {
  /** Wall-clock ms when it was said. */
  at: number;
};

/** An order message goes away this long after it was said. */
export const ORDER_MESSAGE_MS = 10_000;

/** The outcome still to show at `now`, if any. */
export function shownOutcome(outcome: OrderOutcome | undefined, now: number): OrderOutcome | undefined {
  return outcome && now - outcome.at < ORDER_MESSAGE_MS ? outcome : undefined;
}
