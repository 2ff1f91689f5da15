// Type tests: handleErrors' options follow the wrapped function; errorContext keeps sync code sync.
import { describe, expectTypeOf, it } from 'vitest';
import {
  errorContext,
  handleErrors,
  type AsyncDecorator,
  type ErrorContext,
  type HandleErrorsOptions,
} from '../index.ts';

declare function fetchBalance(currency: string): Promise<number>;

describe('handleErrors', () => {
  it('takes options and gives an AsyncDecorator', () => {
    expectTypeOf(handleErrors({ operation: 'balance', component: 'kraken' })).toEqualTypeOf<AsyncDecorator>();
    expectTypeOf(handleErrors).parameter(0).toEqualTypeOf<HandleErrorsOptions<unknown[], unknown>>();
    // @ts-expect-error operation and component are required
    handleErrors({ operation: 'balance' });
  });

  it('types fallback, degrade and cache by the arguments and result given as type parameters', () => {
    handleErrors<[currency: string], number>({
      operation: 'balance',
      component: 'kraken',
      fallback: (ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<ErrorContext>();
        return 0;
      },
      degrade: async (currency) => {
        expectTypeOf(currency).toEqualTypeOf<string>();
        return 1_000;
      },
      cache: (currency) => currency,
    });
    handleErrors<[currency: string], number>({
      operation: 'balance',
      component: 'kraken',
      // @ts-expect-error the fallback must be a balance
      fallback: 'none',
    });
  });

  it('wraps a function into one returning a promise of its result', () => {
    const wrapped = handleErrors({ operation: 'balance', component: 'kraken' })(fetchBalance);
    expectTypeOf(wrapped).parameters.toEqualTypeOf<[currency: string]>();
    expectTypeOf(wrapped).returns.toEqualTypeOf<Promise<number>>();
  });
});

describe('errorContext', () => {
  const options = { operation: 'mid', component: 'calc' };

  it('returns what fn returns: a sync fn stays sync', () => {
    expectTypeOf(errorContext(options, () => 42)).toEqualTypeOf<number>();
    expectTypeOf(errorContext(options, () => fetchBalance('BTC'))).toEqualTypeOf<Promise<number>>();
  });

  it('takes a function of no arguments and named options', () => {
    // @ts-expect-error fn takes no arguments
    errorContext(options, (x: number) => x);
    // @ts-expect-error component is required
    errorContext({ operation: 'mid' }, () => 1);
  });
});
