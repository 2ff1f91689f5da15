// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;

/** Keeps the function's type: sync stays sync (`withCircuitBreaker`). */
export interface ShapeKeepingDecorator {
  /**
   * Higher-order function: `withCircuitBreaker('kraken')(fetchTicker)`. The `context?: undefined` slot stops
   * TypeScript from accepting this overload as a getter/setter decorator (decorators may take fewer parameters).
   */
  <F extends AnyFunction>(fn: F, context?: undefined): F;
  /** TC39 standard method decorator. */
  <F extends AnyFunction>(method: F, context: ClassMethodDecoratorContext<ThisParameterType<F>, F>): F;
  /** Legacy (`experimentalDecorators`) method decorator. */
  <F extends AnyFunction>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): TypedPropertyDescriptor<F>;
}

/** Makes the function async (`retrying`, `compose`, `handleErrors`); as a decorator, async methods only. */
export interface AsyncDecorator {
  <This, A extends unknown[], R>(
    fn: (this: This, ...args: A) => R,
    context?: undefined,
  ): (this: This, ...args: A) => Promise<Awaited<R>>;
  <This, A extends unknown[], R>(
    method: (this: This, ...args: A) => Promise<R>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>>,
  ): (this: This, ...args: A) => Promise<R>;
  <F extends (...args: never[]) => Promise<unknown>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): TypedPropertyDescriptor<F>;
}

function isStandardContext(value: unknown): value is { kind: string; name: string | symbol } {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}

/** Native classes print as `class …`; wrapping one in a plain function would break `new`. */
function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/**
 * Wrappers that always return a promise (`retrying`, `timeout`, `compose`). `withCircuitBreaker` checks it so a
 * refused call to one rejects rather than throws, even before it has seen the function's first result.
 */
export const promiseReturning = new WeakSet<Function>();

/**
 * One function, three call shapes, told apart at run time: `(fn)` wraps a function; `(method, context)` is a
 * TC39 decorator; `(target, key, descriptor)` is a legacy one. `wrap` gets the function and a label for errors.
 * `returnsPromise` marks wrappers that always return a promise.
 */
export function createDecorator(
  label: string,
  wrap: (fn: AnyFunction, name: string) => AnyFunction,
  returnsPromise = false,
): (...args: unknown[]) => unknown {
  const wrapNamed = (fn: AnyFunction, name: string): AnyFunction => {
    const wrapped = wrap(fn, name);
    // Stack traces and debuggers show the wrapped function's name rather than an anonymous wrapper.
    Object.defineProperty(wrapped, 'name', { value: name, configurable: true });
    if (returnsPromise) promiseReturning.add(wrapped);
    return wrapped;
  };
  return function decorate(...args: unknown[]): unknown {
    const [target, second, third] = args;
    if (args.length === 1 && typeof target === 'function') {
      // A legacy class decorator arrives here too.
      if (isClass(target))
        throw new TypeError(
          `${label} wraps functions and decorates methods, not a class (${target.name || 'anonymous'})`,
        );
      return wrapNamed(target as AnyFunction, target.name || 'anonymous');
    }
    // Checked before the value: a TC39 field decorator receives `undefined`, an accessor one an object.
    if (args.length === 2 && isStandardContext(second)) {
      if (second.kind !== 'method' || typeof target !== 'function') {
        throw new TypeError(`${label} decorates methods only, not a ${second.kind} (${String(second.name)})`);
      }
      return wrapNamed(target as AnyFunction, String(second.name));
    }
    // Legacy decorators get `(prototype or class, key, descriptor)`; a property gets no descriptor.
    const isTarget = (typeof target === 'object' && target !== null) || typeof target === 'function';
    if (args.length === 3 && isTarget && (typeof second === 'string' || typeof second === 'symbol')) {
      const descriptor = third as PropertyDescriptor | undefined;
      if (typeof descriptor?.value !== 'function') {
        throw new TypeError(`${label} decorates methods only; ${String(second)} is not a method`);
      }
      return { ...descriptor, value: wrapNamed(descriptor.value as AnyFunction, String(second)) };
    }
    throw new TypeError(`${label} takes a function, or decorates a method; got ${args.length} argument(s)`);
  };
}
