// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;

/** Keeps the function's type: sync stays sync (`withCircuitBreaker`). */
export interface ShapeKeepingDecorator {
  /** Higher-order function: `withCircuitBreaker('kraken')(fetchTicker)`. */
  <F extends AnyFunction>(fn: F): F;
  /** TC39 standard method decorator. */
  <F extends AnyFunction>(method: F, context: ClassMethodDecoratorContext<ThisParameterType<F>, F>): F;
  /** Legacy (`experimentalDecorators`) method decorator. */
  <F extends AnyFunction>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): TypedPropertyDescriptor<F>;
}

/** Makes the function async (`retrying`, `compose`, `handleErrors`); as a decorator, async methods only. */
export interface AsyncDecorator {
  <This, A extends unknown[], R>(fn: (this: This, ...args: A) => R): (this: This, ...args: A) => Promise<Awaited<R>>;
  <This, A extends unknown[], R>(
    method: (this: This, ...args: A) => Promise<R>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>>,
  ): (this: This, ...args: A) => Promise<R>;
  <F extends (...args: never[]) => Promise<unknown>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): TypedPropertyDescriptor<F>;
}

function isStandardContext(value: unknown): value is { kind: string; name: string | symbol } {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}

/**
 * One function, three call shapes, told apart at run time: `(fn)` wraps a function; `(method, context)` is a
 * TC39 decorator; `(target, key, descriptor)` is a legacy one. `wrap` gets the function and a label for errors.
 */
export function createDecorator(label: string, wrap: (fn: AnyFunction, name: string) => AnyFunction): (...args: unknown[]) => unknown {
  return function decorate(...args: unknown[]): unknown {
    const [target, second, third] = args;
    if (args.length === 1 && typeof target === 'function') return wrap(target as AnyFunction, target.name || 'anonymous');
    if (args.length === 2 && typeof target === 'function' && isStandardContext(second)) {
      if (second.kind !== 'method') throw new TypeError(`${label} decorates methods only, not a ${second.kind} (${String(second.name)})`);
      return wrap(target as AnyFunction, String(second.name));
    }
    if (args.length === 3 && typeof third === 'object' && third !== null) {
      const descriptor = third as PropertyDescriptor;
      if (typeof descriptor.value !== 'function') {
        throw new TypeError(`${label} decorates methods only; ${String(second)} is not a method`);
      }
      return { ...descriptor, value: wrap(descriptor.value as AnyFunction, String(second)) };
    }
    throw new TypeError(`${label} takes a function, or decorates a method; got ${args.length} argument(s)`);
  };
}
