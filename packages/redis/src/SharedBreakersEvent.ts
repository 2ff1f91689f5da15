/** What `sharedBreakers` reports; no call ever fails for Redis trouble, so this is how you see it. */
export type SharedBreakersEvent =
  /** Redis failed or was slow: every breaker runs on its local rules until it answers again. */
  | { type: 'redis-unavailable'; error: unknown }
  /** Redis answers again and every breaker was reconciled with it (`breakers`: how many). */
  | { type: 'redis-restored'; breakers: number };
