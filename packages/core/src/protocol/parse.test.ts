import { describe, expect, it } from 'vitest';
import { parseDevtoolsCommand, parseDevtoolsMessage } from './parse.ts';
import { isProtocolError } from './ProtocolError.ts';

describe('devtools protocol parsing', () => {
  it('refuses another protocol version with a message that says so', () => {
    expect(() =>
      parseDevtoolsMessage({
        type: 'batch',
        version: 2,
        seq: 1,
        at: 0,
        events: [],
        dropped: 0,
        breakers: [],
        stats: {},
      }),
    ).toThrow(
      /^Invalid devtools message: version: protocol version 2 is not supported \(this panel speaks version 1\)/,
    );
  });

  it('names every problem with its path', () => {
    try {
      parseDevtoolsMessage({
        type: 'batch',
        version: 1,
        seq: 'x',
        at: 0,
        events: [{ type: 'breaker.state', name: 'k' }],
        dropped: 0,
        breakers: [],
      });
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error)).toBe(true);
      const issues = (error as { issues: string[] }).issues;
      expect(issues).toContain('seq: Invalid input: expected number, received string');
      expect(issues.some((i) => i.startsWith('events[0].from:'))).toBe(true);
      expect(issues.some((i) => i.startsWith('stats:'))).toBe(true);
    }
  });

  it('refuses an unknown message type', () => {
    expect(() => parseDevtoolsMessage({ type: 'hello' })).toThrow(/^Invalid devtools message: type: /);
  });

  it('checks commands', () => {
    expect(parseDevtoolsCommand({ type: 'mode.set', mode: 'live' })).toEqual({ type: 'mode.set', mode: 'live' });
    expect(() => parseDevtoolsCommand({ type: 'mode.set', mode: 'turbo' })).toThrow(
      /^Invalid devtools command: mode: /,
    );
  });

  it('reads a breaker with call latency, and one without it (producers older than the field)', () => {
    const stats = {
      totalErrors: 0,
      errorCounts: {},
      categoryCounts: {},
      severityCounts: {},
      recoveryStats: {},
      circuitBreakerStates: {},
      errorRate: 0,
      topFingerprints: [],
      mode: 'live',
      storage: null,
    };
    const breaker = {
      name: 'kraken',
      state: 'CLOSED',
      failureCount: 0,
      failureThreshold: 5,
      totalRequests: 4,
      successfulRequests: 4,
      failedRequests: 0,
      rejectedRequests: 0,
      successRate: 100,
      lastFailureTime: null,
      lastSuccessTime: 1,
      openedAt: null,
      recoveryTimeoutMs: 60_000,
      isolated: false,
      retryAfterMs: null,
    };
    const latency = { count: 4, p50: 16, p95: 64, p99: 64, max: 64 };
    const message = (b: object) => ({
      type: 'batch',
      version: 1,
      seq: 1,
      at: 0,
      events: [],
      dropped: 0,
      breakers: [b],
      stats,
    });
    const parsed = parseDevtoolsMessage(message({ ...breaker, latency }));
    expect(parsed.breakers[0]!.latency).toEqual(latency);
    expect(parseDevtoolsMessage(message(breaker)).breakers[0]).not.toHaveProperty('latency');
    expect(() =>
      parseDevtoolsMessage(message({ ...breaker, latency: { count: 1, p50: '4', p95: null, p99: null, max: null } })),
    ).toThrow(/breakers\[0\]\.latency\.p50: Invalid input: expected number, received string/);
  });
});
