import { describe, expect, it } from 'vitest';
import { createDecorator, promiseReturning, type AnyFunction } from './createDecorator.ts';

/** A decorator whose wrapper tags results, so tests can see the wrapper ran around the original. */
function tagging(returnsPromise = false) {
  const wrapped: string[] = [];
  const decorate = createDecorator(
    'tag()',
    (fn: AnyFunction, name: string) => {
      wrapped.push(name);
      return function (this: unknown, ...args: unknown[]) {
        return `tag(${String(fn.apply(this, args))})`;
      };
    },
    returnsPromise,
  );
  return { decorate, wrapped };
}

describe('createDecorator', () => {
  it('(fn) wraps a function, named after it', () => {
    const { decorate, wrapped } = tagging();
    function price(this: { p: number }, x: number) {
      return this.p * x;
    }
    const out = decorate(price) as typeof price;
    expect(out.call({ p: 2 }, 3)).toBe('tag(6)');
    expect(out.name).toBe('price');
    expect(wrapped).toEqual(['price']);
    expect((decorate(() => 1) as AnyFunction).name).toBe('anonymous');
  });

  it('(method, context) is a TC39 method decorator', () => {
    const { decorate, wrapped } = tagging();
    const out = decorate(() => 1, { kind: 'method', name: 'fetch', static: false, private: false }) as AnyFunction;
    expect(out()).toBe('tag(1)');
    expect(out.name).toBe('fetch');
    expect(wrapped).toEqual(['fetch']);
    const sym = Symbol('sym');
    expect((decorate(() => 1, { kind: 'method', name: sym }) as AnyFunction).name).toBe('Symbol(sym)');
  });

  it('(target, key, descriptor) is a legacy decorator returning a new descriptor', () => {
    const { decorate } = tagging();
    const descriptor = { value: () => 2, writable: true, enumerable: false, configurable: true };
    const out = decorate({}, 'load', descriptor) as PropertyDescriptor;
    expect(out).not.toBe(descriptor);
    expect(out.value()).toBe('tag(2)');
    expect(out.value.name).toBe('load');
    expect([out.writable, out.enumerable, out.configurable]).toEqual([true, false, true]);
  });

  it('does not mistake a method called `classify` for a class', () => {
    const { decorate } = tagging();
    const obj = {
      classify() {
        return 'x';
      },
    };
    expect((decorate(obj.classify) as AnyFunction)()).toBe('tag(x)');
  });

  it('marks promise-returning wrappers', () => {
    const sync = tagging(false).decorate(() => 1) as AnyFunction;
    const async = tagging(true).decorate(() => 1) as AnyFunction;
    expect(promiseReturning.has(sync)).toBe(false);
    expect(promiseReturning.has(async)).toBe(true);
  });

  it.each([
    ['no arguments', [], 'tag() takes a function, or decorates a method; got 0 argument(s)'],
    ['a non-function', [42], 'tag() takes a function, or decorates a method; got 1 argument(s)'],
    ['a class', [class Order {}], 'tag() wraps functions and decorates methods, not a class (Order)'],
    ['a TC39 field', [undefined, { kind: 'field', name: 'qty' }], 'tag() decorates methods only, not a field (qty)'],
    ['a TC39 getter', [() => 1, { kind: 'getter', name: 'qty' }], 'tag() decorates methods only, not a getter (qty)'],
    [
      'a TC39 accessor',
      [
        { get() {}, set() {} },
        { kind: 'accessor', name: 'qty' },
      ],
      'tag() decorates methods only, not a accessor (qty)',
    ],
    [
      'a TC39 class',
      [class Order {}, { kind: 'class', name: 'Order' }],
      'tag() decorates methods only, not a class (Order)',
    ],
    [
      'a function with a non-context second argument',
      [() => 1, 'x'],
      'tag() takes a function, or decorates a method; got 2 argument(s)',
    ],
    ['a legacy property (no descriptor)', [{}, 'qty', undefined], 'tag() decorates methods only; qty is not a method'],
    ['a legacy getter', [{}, 'qty', { get: () => 1 }], 'tag() decorates methods only; qty is not a method'],
    [
      'a legacy call on null',
      [null, 'qty', { value: () => 1 }],
      'tag() takes a function, or decorates a method; got 3 argument(s)',
    ],
  ])('rejects %s with a TypeError', (_, args, message) => {
    const { decorate, wrapped } = tagging();
    expect(() => decorate(...(args as unknown[]))).toThrow(new TypeError(message));
    expect(wrapped).toEqual([]);
  });
});
