// Type tests: what compose infers for the operation it runs and the functions it wraps.
import { describe, expectTypeOf, it } from 'vitest';
import {
  compose,
  retrying,
  timeout,
  withCircuitBreaker,
  type ComposedPolicy,
  type ExecutionContext,
  type Policy,
} from '../index.ts';

const policy = compose(retrying({ maxRetries: 2 }), withCircuitBreaker('kraken'), timeout(5_000));

describe('compose', () => {
  it('takes policies and gives a ComposedPolicy, itself a Policy', () => {
    expectTypeOf(policy).toEqualTypeOf<ComposedPolicy>();
    expectTypeOf(policy).toMatchTypeOf<Policy>();
    expectTypeOf(compose).parameters.toEqualTypeOf<Policy[]>();
    // @ts-expect-error a plain function is not a policy
    compose(() => 1);
  });

  it('execute resolves to what the operation returns, unwrapping its promise', () => {
    expectTypeOf(policy.execute(() => 42)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(policy.execute(async () => 'filled' as const)).toEqualTypeOf<Promise<'filled'>>();
    expectTypeOf(policy.execute(() => Promise.resolve({ id: 'o-1' }))).toEqualTypeOf<Promise<{ id: string }>>();
  });

  it('hands the operation an execution context', () => {
    policy.execute((context) => {
      expectTypeOf(context).toEqualTypeOf<ExecutionContext>();
      expectTypeOf(context.signal).toEqualTypeOf<AbortSignal | undefined>();
      expectTypeOf(context.attempt).toEqualTypeOf<number>();
    });
    expectTypeOf(policy.execute).parameter(1).toEqualTypeOf<Partial<ExecutionContext> | undefined>();
  });

  it('wraps a function, keeping its parameters and making its result a promise (sync included)', () => {
    const mid = (bid: number, ask: number): number => (bid + ask) / 2;
    const place = async (symbol: string, qty: number): Promise<{ id: string }> => ({ id: `${symbol}:${qty}` });
    expectTypeOf(policy(mid)).parameters.toEqualTypeOf<[bid: number, ask: number]>();
    expectTypeOf(policy(mid)).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(policy(place)).returns.toEqualTypeOf<Promise<{ id: string }>>();
    // @ts-expect-error the wrapped function keeps its parameter types
    policy(mid)('1', 2);
  });

  it('decorates async methods', () => {
    class Exchange {
      @compose(retrying(), withCircuitBreaker('kraken'))
      async balance(currency: string): Promise<number> {
        return currency.length;
      }
    }
    expectTypeOf(new Exchange().balance).toEqualTypeOf<(currency: string) => Promise<number>>();
  });
});
