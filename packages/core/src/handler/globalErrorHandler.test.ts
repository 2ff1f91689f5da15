import { afterEach, describe, expect, it } from 'vitest';
import { BreakerRegistry, getDefaultBreakerRegistry, setDefaultBreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { DevtoolsFeed } from '../devtools/DevtoolsFeed.ts';
import { withCircuitBreaker } from '../wrappers/withCircuitBreaker.ts';
import { ConfigError } from '../errors/ConfigError.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';
import { configureGlobalErrorHandler, getGlobalErrorHandler, resetGlobalErrorHandler } from './globalErrorHandler.ts';

afterEach(() => {
  resetGlobalErrorHandler();
  setDefaultBreakerRegistry(undefined);
});

describe('global error handler', () => {
  it('is created on first use and is the same object afterwards', () => {
    const handler = getGlobalErrorHandler();
    expect(handler).toBeInstanceOf(ErrorHandler);
    expect(getGlobalErrorHandler()).toBe(handler);
    expect(handler.config.maxRetries).toBe(3);
  });

  it('takes its config on creation', () => {
    expect(getGlobalErrorHandler({ maxRetries: 6 }).config.maxRetries).toBe(6);
  });

  it('applies config given later to the existing handler (never silently ignored)', () => {
    const handler = getGlobalErrorHandler({ maxRetries: 6 });
    expect(getGlobalErrorHandler({ maxRetries: 2 })).toBe(handler);
    expect(handler.config.maxRetries).toBe(2);
    expect(configureGlobalErrorHandler({ maxRetries: 4 })).toBe(handler);
    expect(handler.config.maxRetries).toBe(4);
  });

  it('fails loudly when later config changes breaker settings while breakers exist', () => {
    const handler = getGlobalErrorHandler({ circuitBreaker: { failureThreshold: 2 } });
    handler.getCircuitBreaker('kraken');
    expect(() => getGlobalErrorHandler({ circuitBreaker: { failureThreshold: 9 } })).toThrow(
      new Error(
        'ErrorHandler.configure: circuit breaker settings (failureThreshold) cannot change while breakers exist ' +
          '(kraken); reset the handler first',
      ),
    );
    expect(() => configureGlobalErrorHandler({ circuitBreaker: { recoveryTimeoutMs: 1 } })).toThrow(
      new Error(
        'ErrorHandler.configure: circuit breaker settings (recoveryTimeoutMs) cannot change while breakers exist ' +
          '(kraken); reset the handler first',
      ),
    );
    expect(handler.config.circuitBreaker.failureThreshold).toBe(2);
  });

  it('checks config at run time on every path: unknown keys and seed-format objects are ConfigErrors', () => {
    const typo = { maxRetires: 7 } as ErrorHandlerConfig;
    expect(() => getGlobalErrorHandler(typo)).toThrow(ConfigError);
    expect(() => configureGlobalErrorHandler(typo)).toThrow(ConfigError);
    const handler = getGlobalErrorHandler({ maxRetries: 6 });
    expect(() => getGlobalErrorHandler(typo)).toThrow(
      new ConfigError(
        [{ path: 'maxRetires', message: 'unknown key (did you mean maxRetries?)' }],
        'ErrorHandler.configure(config)',
      ),
    );
    const seed = { max_retries: 3, circuit_breaker: { failure_threshold: 5 } } as ErrorHandlerConfig;
    expect(() => configureGlobalErrorHandler(seed)).toThrow(/read it with parseConfig from @breakwater\/core\/config/);
    expect(handler.config.maxRetries).toBe(6);
  });

  it('configureGlobalErrorHandler creates the handler when there is none', () => {
    const handler = configureGlobalErrorHandler({ maxRetries: 1 });
    expect(getGlobalErrorHandler()).toBe(handler);
    expect(handler.config.maxRetries).toBe(1);
  });

  it('its registry is the default for withCircuitBreaker: one name, one breaker, in its stats', () => {
    const handler = getGlobalErrorHandler({ circuitBreaker: { failureThreshold: 2 } });
    expect(getDefaultBreakerRegistry()).toBe(handler.breakers);
    const policy = withCircuitBreaker('kraken');
    expect(policy.breaker).toBe(handler.getCircuitBreaker('kraken'));
    expect(policy.breaker.failureThreshold).toBe(2);
    expect(handler.stats().circuitBreakerStates).toEqual({ kraken: 'CLOSED' });
  });

  it('adopts the earlier default registry: a withCircuitBreaker breaker is in its stats and the devtools feed', () => {
    const policy = withCircuitBreaker('x');
    const fetchTicker = policy(() => 42);
    expect(fetchTicker()).toBe(42);
    const breaker = policy.breaker;
    const handler = getGlobalErrorHandler({ circuitBreaker: { failureThreshold: 2 } });
    expect(handler.breakers).toBe(getDefaultBreakerRegistry());
    expect(handler.stats().circuitBreakerStates).toEqual({ x: 'CLOSED' });
    expect(new DevtoolsFeed(handler).snapshot().breakers.map((b) => [b.name, b.successfulRequests])).toEqual([
      ['x', 1],
    ]);
    // The wrapper keeps its breaker; the handler's breaker settings apply to breakers created from now on.
    expect(fetchTicker()).toBe(42);
    expect(policy.breaker).toBe(breaker);
    expect(handler.getCircuitBreaker('x')).toBe(breaker);
    expect(breaker.stats().successfulRequests).toBe(2);
    expect(breaker.failureThreshold).toBe(5);
    expect(withCircuitBreaker('y').breaker.failureThreshold).toBe(2);
    expect(handler.getCircuitBreaker('z').failureThreshold).toBe(2);
  });

  it('keeps the breaker defaults of an adopted registry in step with configure', () => {
    getDefaultBreakerRegistry();
    const handler = getGlobalErrorHandler();
    handler.configure({ circuitBreaker: { failureThreshold: 7 } });
    expect(withCircuitBreaker('kraken').breaker.failureThreshold).toBe(7);
  });

  it('reset after breakers made without a handler gives a clean slate', () => {
    const policy = withCircuitBreaker('x');
    const stale = policy.breaker;
    stale.recordFailure();
    resetGlobalErrorHandler();
    const handler = getGlobalErrorHandler();
    expect(handler.stats().circuitBreakerStates).toEqual({});
    expect(policy.breaker).not.toBe(stale);
    expect(policy.breaker.failureCount).toBe(0);
    expect(handler.stats().circuitBreakerStates).toEqual({ x: 'CLOSED' });
  });

  it('reset forgets the handler and its breakers', () => {
    const first = getGlobalErrorHandler();
    first.getCircuitBreaker('kraken');
    resetGlobalErrorHandler();
    expect(getDefaultBreakerRegistry()).not.toBe(first.breakers);
    const second = getGlobalErrorHandler({ circuitBreaker: { failureThreshold: 9 } });
    expect(second).not.toBe(first);
    expect(second.getCircuitBreaker('kraken').failureThreshold).toBe(9);
    expect(getDefaultBreakerRegistry()).toBe(second.breakers);
  });

  it('reset leaves a default registry installed by someone else alone', () => {
    getGlobalErrorHandler();
    const mine = new BreakerRegistry();
    setDefaultBreakerRegistry(mine);
    resetGlobalErrorHandler();
    expect(getDefaultBreakerRegistry()).toBe(mine);
  });

  it('reset without a handler is harmless', () => {
    const mine = new BreakerRegistry();
    setDefaultBreakerRegistry(mine);
    resetGlobalErrorHandler();
    expect(getDefaultBreakerRegistry()).toBe(mine);
  });
});
