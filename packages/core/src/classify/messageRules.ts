import { verdictOf } from './categoryDefaults.ts';
import { ErrorCategory } from './ErrorCategory.ts';
import { ErrorSeverity } from './ErrorSeverity.ts';
import type { Verdict } from './Verdict.ts';
import { phraseSource, wholeWords } from './wholeWords.ts';

/** Exchanges whose names mark a message as an exchange failure unless `exchangeNames` says otherwise. */
export const DEFAULT_EXCHANGE_NAMES: readonly string[] = [
  'kraken',
  'krakenfutures',
  'binance',
  'binanceus',
  'binanceusdm',
  'binancecoinm',
  'coinbase',
  'coinbasepro',
  'coinbaseexchange',
  'coinbaseinternational',
  'bitfinex',
  'bitfinex2',
  'bitstamp',
  'kucoin',
  'kucoinfutures',
  'okx',
  'okex',
  'bybit',
  'gemini',
  'huobi',
  'htx',
  'gateio',
  'gate.io',
  'bitget',
  'mexc',
  'cryptocom',
  'crypto.com',
  'deribit',
  'bitmex',
  'poloniex',
  'bittrex',
  'upbit',
  'bithumb',
  'bitmart',
  'phemex',
  'hyperliquid',
  'bitvavo',
  'bitpanda',
  'luno',
];

/** One of the seed's message rules: the first whose pattern matches decides. */
export interface MessageRule {
  /** `message:<id>`. */
  readonly rule: string;
  readonly pattern: RegExp;
  readonly verdict: Verdict;
}

/**
 * The seed's message rules in the seed's order, on whole words with common inflections ("timed out",
 * "connections", "rate limited"). The seed's API rule is split so a rate limit can be retryable while a
 * bad key is not; both keep the seed's place and API/MEDIUM.
 */
export function compileMessageRules(exchangeNames: readonly string[]): readonly MessageRule[] {
  const exchanges = [...exchangeNames.map(phraseSource), 'exchanges?'];
  const table: [id: string, words: string[], verdict: Verdict][] = [
    ['exchange', exchanges, verdictOf(ErrorCategory.EXCHANGE, ErrorSeverity.HIGH)],
    [
      'rate-limit',
      ['rate[\\s_-]*limit(?:s|ed|ing)?', 'too[\\s_-]+many[\\s_-]+requests', 'throttl(?:e|ed|ing)'],
      verdictOf(ErrorCategory.API, ErrorSeverity.MEDIUM, true),
    ],
    [
      'api',
      ['apis?', 'auth', 'authenticat(?:e|ed|ion)', 'unauthenticated', 'authori[sz](?:e|ed|ation)', 'unauthori[sz]ed'],
      verdictOf(ErrorCategory.API, ErrorSeverity.MEDIUM),
    ],
    [
      'network',
      [
        'network(?:s|ing)?',
        'connections?',
        '(?:dis|re)?connect(?:s|ed|ing|ion)?',
        'time[\\s_-]*outs?',
        'timed[\\s_-]*out',
      ],
      verdictOf(ErrorCategory.NETWORK, ErrorSeverity.MEDIUM),
    ],
    ['data', ['data', 'corrupt(?:s|ed|ion)?', 'invalid'], verdictOf(ErrorCategory.DATA, ErrorSeverity.HIGH)],
    ['strategy', ['strateg(?:y|ies)', 'signals?'], verdictOf(ErrorCategory.STRATEGY, ErrorSeverity.MEDIUM)],
    ['memory', ['memory', 'out[\\s_-]+of[\\s_-]+memory'], verdictOf(ErrorCategory.MEMORY, ErrorSeverity.CRITICAL)],
    [
      'config',
      ['config(?:s)?', 'configurations?', '(?:mis)?configured', 'misconfiguration'],
      verdictOf(ErrorCategory.CONFIGURATION, ErrorSeverity.HIGH),
    ],
  ];
  return table.map(([id, words, verdict]) => ({ rule: `message:${id}`, pattern: wholeWords(words), verdict }));
}

/** The first matching rule, or `undefined` (the caller falls back to SYSTEM/MEDIUM). */
export function matchMessage(rules: readonly MessageRule[], message: string): MessageRule | undefined {
  if (message.length === 0) return undefined;
  for (const rule of rules) if (rule.pattern.test(message)) return rule;
  return undefined;
}
