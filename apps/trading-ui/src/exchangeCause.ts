// What is wrong with the exchange, read from a classified error (its category, name and status), never from
// the words of its message: the banner must name the real cause.
import type { ErrorRecord } from '@breakwater/core';

export type ExchangeCause = 'maintenance' | 'unavailable' | 'no-answer' | 'rate-limit' | 'corrupt-data';

export const EXCHANGE_CAUSES: readonly ExchangeCause[] = [
  'maintenance',
  'unavailable',
  'no-answer',
  'rate-limit',
  'corrupt-data',
];

/** The first words of the banner for each cause. */
export const CAUSE_HEADLINE: Readonly<Record<ExchangeCause, string>> = {
  maintenance: 'Exchange under maintenance',
  unavailable: 'Exchange unavailable',
  'no-answer': 'Exchange not answering',
  'rate-limit': 'Rate limited by the exchange',
  'corrupt-data': 'Exchange sending corrupt data',
};

const RATE_LIMIT_NAMES = new Set(['RateLimitExceeded', 'DDoSProtection']);

/**
 * The cause a failed request says about the exchange, or undefined when it says nothing about its health (a
 * rejected order, an open breaker of ours, a bug).
 */
export function exchangeCause(record: Pick<ErrorRecord, 'category' | 'name' | 'status'>): ExchangeCause | undefined {
  if (record.status === 429 || RATE_LIMIT_NAMES.has(record.name)) return 'rate-limit';
  if (record.name === 'OnMaintenance') return 'maintenance';
  if (
    record.category === 'exchange' &&
    (record.name === 'ExchangeNotAvailable' || (record.status !== undefined && record.status >= 500))
  )
    return 'unavailable';
  if (record.category === 'data') return 'corrupt-data';
  if (record.category === 'network') return 'no-answer';
  return undefined;
}
