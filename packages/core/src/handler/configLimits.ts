/**
 * Upper bounds of the handler's settings, in one place: the YAML schema (`@breakwater/core/config`) and the
 * check of config given in code both read them, so whatever one accepts the other accepts too. Past these,
 * values stop meaning anything useful and start breaking things (a ring buffer of 2^32 entries, a timer that
 * fires at once, seconds that overflow to Infinity milliseconds).
 */
export const CONFIG_LIMITS = Object.freeze({
  /** Every duration (delays, breaker timeout, rate-limit wait, cache TTL): setTimeout's own limit, about 24.8 days. */
  maxDurationMs: 2 ** 31 - 1,
  /** Retries, breaker thresholds and half-open trial calls. */
  maxCount: 1_000_000,
  /** Error records kept in memory (`historySize`). */
  maxHistorySize: 100_000,
  /** Keys per bounded map (`maxTrackedKeys`) and cached results (`data_fallback.maxEntries`). */
  maxTrackedKeys: 100_000,
});

/** The duration bound as messages write it, in the input's unit: `2147483.647 seconds (about 24.8 days)`. */
export function maxDurationText(unit: 'milliseconds' | 'seconds'): string {
  const ms = CONFIG_LIMITS.maxDurationMs;
  const days = Number((ms / 86_400_000).toFixed(1));
  return `${unit === 'seconds' ? ms / 1000 : ms} ${unit} (about ${days} days)`;
}
