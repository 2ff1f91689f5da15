import { describe, expect, it } from 'vitest';
import { Classifier } from './Classifier.ts';
import { compileMessageRules, DEFAULT_EXCHANGE_NAMES, matchMessage } from './messageRules.ts';

const classifier = new Classifier();
const byMessage = (message: string) => classifier.classify(new Error(message)).classification;

describe('message rules (the seed’s, on whole words, in the seed’s order)', () => {
  it.each<[string, string, string, string, boolean]>([
    ['Kraken returned garbage', 'message:exchange', 'exchange', 'high', false],
    ['binance: service unavailable', 'message:exchange', 'exchange', 'high', false],
    ['exchange is down', 'message:exchange', 'exchange', 'high', false],
    ['all exchanges rejected it', 'message:exchange', 'exchange', 'high', false],
    ['rate limit exceeded', 'message:rate-limit', 'api', 'medium', true],
    ['EAPI:Rate limit exceeded', 'message:rate-limit', 'api', 'medium', true],
    ['RATE_LIMIT reached', 'message:rate-limit', 'api', 'medium', true],
    ['you are rate limited', 'message:rate-limit', 'api', 'medium', true],
    ['Too Many Requests', 'message:rate-limit', 'api', 'medium', true],
    ['API returned nonsense', 'message:api', 'api', 'medium', false],
    ['auth failed', 'message:api', 'api', 'medium', false],
    ['Authentication required', 'message:api', 'api', 'medium', false],
    ['401 Unauthorized', 'message:api', 'api', 'medium', false],
    ['network unreachable', 'message:network', 'network', 'medium', true],
    ['too many connections', 'message:network', 'network', 'medium', true],
    ['socket disconnected', 'message:network', 'network', 'medium', true],
    ['timeout after 5s', 'message:network', 'network', 'medium', true],
    ['request timed out', 'message:network', 'network', 'medium', true],
    ['data missing', 'message:data', 'data', 'high', false],
    ['corrupted frame', 'message:data', 'data', 'high', false],
    ['Invalid quantity', 'message:data', 'data', 'high', false],
    ['strategy diverged', 'message:strategy', 'strategy', 'medium', false],
    ['no signals today', 'message:strategy', 'strategy', 'medium', false],
    ['JavaScript heap out of memory', 'message:memory', 'memory', 'critical', false],
    ['memory pressure', 'message:memory', 'memory', 'critical', false],
    ['bad config', 'message:config', 'config', 'high', false],
    ['Configuration missing: key', 'message:config', 'config', 'high', false],
    ['misconfigured symbol map', 'message:config', 'config', 'high', false],
    ['something odd happened', 'default', 'system', 'medium', false],
  ])('%j -> %s', (message, rule, category, severity, retryable) => {
    expect(byMessage(message)).toEqual({ category, severity, retryable, rule });
  });

  it.each([
    ['rapid price move', 'rapid is not api'],
    ['metadata mismatch', 'metadata is not data'],
    ['krakenish clone', 'krakenish is not kraken'],
    ['author unknown', 'author is not auth'],
    ['design flaw', 'no keyword at all'],
    ['configurable limits', 'configurable is not config'],
  ])('%j is not a keyword match (%s)', (message) => {
    expect(byMessage(message).rule).toBe('default');
  });

  it('keeps the seed’s order: the first rule that matches wins', () => {
    expect(byMessage('binance api timeout').rule).toBe('message:exchange');
    expect(byMessage('api timeout').rule).toBe('message:api');
    expect(byMessage('API rate limit').rule).toBe('message:rate-limit');
    expect(byMessage('connection data corrupt').rule).toBe('message:network');
    expect(byMessage('invalid strategy config').rule).toBe('message:data');
  });

  it('takes exchange names from the options, escaped and on whole words', () => {
    const custom = new Classifier({ exchangeNames: ['acme.x', 'Foo Bar'] });
    expect(custom.classify(new Error('ACME.X said no')).classification.rule).toBe('message:exchange');
    expect(custom.classify(new Error('foo bar down')).classification.rule).toBe('message:exchange');
    expect(custom.classify(new Error('acmeXx said no')).classification.rule).toBe('default');
    // Kraken is no longer an exchange name here; "exchange" as a word still is.
    expect(custom.classify(new Error('kraken said no')).classification.rule).toBe('default');
    expect(custom.classify(new Error('exchange said no')).classification.rule).toBe('message:exchange');
  });

  it('matches with precompiled rules and finds nothing in an empty message', () => {
    const rules = compileMessageRules(DEFAULT_EXCHANGE_NAMES);
    expect(rules.map((r) => r.rule)).toEqual([
      'message:exchange',
      'message:rate-limit',
      'message:api',
      'message:network',
      'message:data',
      'message:strategy',
      'message:memory',
      'message:config',
    ]);
    expect(matchMessage(rules, '')).toBeUndefined();
    expect(matchMessage(rules, 'OKX down')?.rule).toBe('message:exchange');
  });
});
