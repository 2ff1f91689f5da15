/**
 * Every `RetryBudget` made (its constructor marks itself). Apart from the class, so checking a `budget` option
 * needs no `instanceof`: a retry without a budget ships no RetryBudget.
 */
const budgets = new WeakSet<object>();

/** Called by the `RetryBudget` constructor only. @internal */
export function markRetryBudget(budget: object): void {
  budgets.add(budget);
}

/** Whether `value` was made by `new RetryBudget` (a subclass's included), as `instanceof` would tell. */
export function isRetryBudget(value: unknown): boolean {
  return typeof value === 'object' && value !== null && budgets.has(value);
}
