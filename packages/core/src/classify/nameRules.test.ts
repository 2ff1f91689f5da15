import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { Classifier } from './Classifier.ts';
import { nameRules } from './nameRules.ts';

// Mirrors of ccxt 4.x's error classes (ts/src/base/errors.ts): same names, same inheritance, and each
// constructor sets `this.name` like ccxt does. Nothing is imported from ccxt.
class BaseError extends Error {
  constructor(m: string) {
    super(m);
    this.name = 'BaseError';
  }
}
class ExchangeError extends BaseError {
  constructor(m: string) {
    super(m);
    this.name = 'ExchangeError';
  }
}
class AuthenticationError extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'AuthenticationError';
  }
}
class PermissionDenied extends AuthenticationError {
  constructor(m: string) {
    super(m);
    this.name = 'PermissionDenied';
  }
}
class AccountNotEnabled extends PermissionDenied {
  constructor(m: string) {
    super(m);
    this.name = 'AccountNotEnabled';
  }
}
class AccountSuspended extends AuthenticationError {
  constructor(m: string) {
    super(m);
    this.name = 'AccountSuspended';
  }
}
class ArgumentsRequired extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'ArgumentsRequired';
  }
}
class BadRequest extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'BadRequest';
  }
}
class BadSymbol extends BadRequest {
  constructor(m: string) {
    super(m);
    this.name = 'BadSymbol';
  }
}
class OperationRejected extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'OperationRejected';
  }
}
class NoChange extends OperationRejected {
  constructor(m: string) {
    super(m);
    this.name = 'NoChange';
  }
}
class MarginModeAlreadySet extends NoChange {
  constructor(m: string) {
    super(m);
    this.name = 'MarginModeAlreadySet';
  }
}
class MarketClosed extends OperationRejected {
  constructor(m: string) {
    super(m);
    this.name = 'MarketClosed';
  }
}
class ManualInteractionNeeded extends OperationRejected {
  constructor(m: string) {
    super(m);
    this.name = 'ManualInteractionNeeded';
  }
}
class RestrictedLocation extends OperationRejected {
  constructor(m: string) {
    super(m);
    this.name = 'RestrictedLocation';
  }
}
class InsufficientFunds extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'InsufficientFunds';
  }
}
class InvalidAddress extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'InvalidAddress';
  }
}
class AddressPending extends InvalidAddress {
  constructor(m: string) {
    super(m);
    this.name = 'AddressPending';
  }
}
class InvalidOrder extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'InvalidOrder';
  }
}
class OrderNotFound extends InvalidOrder {
  constructor(m: string) {
    super(m);
    this.name = 'OrderNotFound';
  }
}
class OrderNotCached extends InvalidOrder {
  constructor(m: string) {
    super(m);
    this.name = 'OrderNotCached';
  }
}
class OrderImmediatelyFillable extends InvalidOrder {
  constructor(m: string) {
    super(m);
    this.name = 'OrderImmediatelyFillable';
  }
}
class OrderNotFillable extends InvalidOrder {
  constructor(m: string) {
    super(m);
    this.name = 'OrderNotFillable';
  }
}
class DuplicateOrderId extends InvalidOrder {
  constructor(m: string) {
    super(m);
    this.name = 'DuplicateOrderId';
  }
}
class ContractUnavailable extends InvalidOrder {
  constructor(m: string) {
    super(m);
    this.name = 'ContractUnavailable';
  }
}
class NotSupported extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'NotSupported';
  }
}
class InvalidProxySettings extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'InvalidProxySettings';
  }
}
class ProxyError extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'ProxyError';
  }
}
class ExchangeClosedByUser extends ExchangeError {
  constructor(m: string) {
    super(m);
    this.name = 'ExchangeClosedByUser';
  }
}
class OperationFailed extends BaseError {
  constructor(m: string) {
    super(m);
    this.name = 'OperationFailed';
  }
}
class NetworkError extends OperationFailed {
  constructor(m: string) {
    super(m);
    this.name = 'NetworkError';
  }
}
class DDoSProtection extends NetworkError {
  constructor(m: string) {
    super(m);
    this.name = 'DDoSProtection';
  }
}
class RateLimitExceeded extends NetworkError {
  constructor(m: string) {
    super(m);
    this.name = 'RateLimitExceeded';
  }
}
class ExchangeNotAvailable extends NetworkError {
  constructor(m: string) {
    super(m);
    this.name = 'ExchangeNotAvailable';
  }
}
class OnMaintenance extends ExchangeNotAvailable {
  constructor(m: string) {
    super(m);
    this.name = 'OnMaintenance';
  }
}
class InvalidNonce extends NetworkError {
  constructor(m: string) {
    super(m);
    this.name = 'InvalidNonce';
  }
}
class ChecksumError extends InvalidNonce {
  constructor(m: string) {
    super(m);
    this.name = 'ChecksumError';
  }
}
class RequestTimeout extends NetworkError {
  constructor(m: string) {
    super(m);
    this.name = 'RequestTimeout';
  }
}
class BadResponse extends OperationFailed {
  constructor(m: string) {
    super(m);
    this.name = 'BadResponse';
  }
}
class NullResponse extends BadResponse {
  constructor(m: string) {
    super(m);
    this.name = 'NullResponse';
  }
}
class CancelPending extends OperationFailed {
  constructor(m: string) {
    super(m);
    this.name = 'CancelPending';
  }
}
class UnsubscribeError extends BaseError {
  constructor(m: string) {
    super(m);
    this.name = 'UnsubscribeError';
  }
}

const ccxt = new Map<string, new (message: string) => Error>(
  [
    ExchangeError,
    AuthenticationError,
    PermissionDenied,
    AccountNotEnabled,
    AccountSuspended,
    ArgumentsRequired,
    BadRequest,
    BadSymbol,
    OperationRejected,
    NoChange,
    MarginModeAlreadySet,
    MarketClosed,
    ManualInteractionNeeded,
    RestrictedLocation,
    InsufficientFunds,
    InvalidAddress,
    AddressPending,
    InvalidOrder,
    OrderNotFound,
    OrderNotCached,
    OrderImmediatelyFillable,
    OrderNotFillable,
    DuplicateOrderId,
    ContractUnavailable,
    NotSupported,
    InvalidProxySettings,
    ProxyError,
    ExchangeClosedByUser,
    OperationFailed,
    NetworkError,
    DDoSProtection,
    RateLimitExceeded,
    ExchangeNotAvailable,
    OnMaintenance,
    InvalidNonce,
    ChecksumError,
    RequestTimeout,
    BadResponse,
    NullResponse,
    CancelPending,
    UnsubscribeError,
  ].map((cls) => [cls.name, cls]),
);

type Row = [name: string, category: string, severity: string, retryable: boolean];
const table: Row[] = [
  ['ExchangeError', 'exchange', 'high', false],
  ['AuthenticationError', 'api', 'high', false],
  ['PermissionDenied', 'api', 'high', false],
  ['AccountNotEnabled', 'api', 'high', false],
  ['AccountSuspended', 'api', 'critical', false],
  ['ArgumentsRequired', 'config', 'high', false],
  ['BadRequest', 'api', 'medium', false],
  ['BadSymbol', 'data', 'high', false],
  ['OperationRejected', 'api', 'medium', false],
  ['NoChange', 'api', 'low', false],
  ['MarginModeAlreadySet', 'api', 'low', false],
  ['MarketClosed', 'api', 'medium', false],
  ['ManualInteractionNeeded', 'api', 'high', false],
  ['RestrictedLocation', 'api', 'critical', false],
  ['InsufficientFunds', 'api', 'high', false],
  ['InvalidAddress', 'data', 'high', false],
  ['AddressPending', 'exchange', 'low', true],
  ['InvalidOrder', 'api', 'medium', false],
  ['OrderNotFound', 'api', 'medium', false],
  ['OrderNotCached', 'api', 'medium', false],
  ['OrderImmediatelyFillable', 'api', 'medium', false],
  ['OrderNotFillable', 'api', 'medium', false],
  ['DuplicateOrderId', 'api', 'medium', false],
  ['ContractUnavailable', 'api', 'medium', false],
  ['NotSupported', 'config', 'high', false],
  ['InvalidProxySettings', 'config', 'high', false],
  ['ProxyError', 'network', 'medium', true],
  ['ExchangeClosedByUser', 'system', 'low', false],
  ['OperationFailed', 'exchange', 'medium', true],
  ['NetworkError', 'network', 'medium', true],
  ['DDoSProtection', 'api', 'medium', true],
  ['RateLimitExceeded', 'api', 'medium', true],
  ['ExchangeNotAvailable', 'exchange', 'high', true],
  ['OnMaintenance', 'exchange', 'high', true],
  ['InvalidNonce', 'api', 'medium', true],
  ['ChecksumError', 'data', 'medium', true],
  ['RequestTimeout', 'network', 'medium', true],
  ['BadResponse', 'data', 'medium', true],
  ['NullResponse', 'data', 'medium', true],
  ['CancelPending', 'exchange', 'low', true],
  ['UnsubscribeError', 'system', 'low', false],
];

describe('ccxt error hierarchy', () => {
  const classifier = new Classifier();

  it('mirrors are built like ccxt’s: own name set, real prototype chain', () => {
    const error = new (ccxt.get('RateLimitExceeded')!)('kraken {"error":["EAPI:Rate limit exceeded"]}');
    expect(error).toBeInstanceOf(NetworkError);
    expect(classifier.facts(error).names).toEqual([
      'RateLimitExceeded',
      'NetworkError',
      'OperationFailed',
      'BaseError',
      'Error',
    ]);
  });

  it('covers every class of the table and nothing else', () => {
    expect([...ccxt.keys()].sort()).toEqual(table.map(([name]) => name).sort());
    expect([...nameRules.values()].filter((r) => r.rule.startsWith('ccxt:')).length).toBe(table.length);
  });

  it.each(table)('%s -> %s / %s / retryable %s', (name, category, severity, retryable) => {
    // The message names the exchange, as ccxt's do: structure must win over the EXCHANGE message rule.
    const error = new (ccxt.get(name)!)('binance {"code":-1000,"msg":"whatever"}');
    expect(classifier.classify(error).classification).toEqual({ category, severity, retryable, rule: `ccxt:${name}` });
  });

  it('reads the older layout too (RateLimitExceeded under DDoSProtection, CancelPending under InvalidOrder)', () => {
    class RateLimitExceeded extends DDoSProtection {
      constructor(message: string) {
        super(message);
        this.name = 'RateLimitExceeded';
      }
    }
    class CancelPending extends InvalidOrder {
      constructor(message: string) {
        super(message);
        this.name = 'CancelPending';
      }
    }
    expect(classifier.classify(new RateLimitExceeded('x')).classification.rule).toBe('ccxt:RateLimitExceeded');
    expect(classifier.classify(new CancelPending('x')).classification).toEqual({
      category: 'exchange',
      severity: 'low',
      retryable: true,
      rule: 'ccxt:CancelPending',
    });
  });

  it('falls back to the nearest known ancestor for a subclass it does not know', () => {
    class KrakenSpecific extends InvalidNonce {}
    expect(classifier.classify(new KrakenSpecific('x')).classification).toEqual({
      category: 'api',
      severity: 'medium',
      retryable: true,
      rule: 'ccxt:InvalidNonce',
    });
  });

  it('still knows a minified leaf by its own name', () => {
    const minified = Object.assign(new Error('x'), { name: 'OnMaintenance' });
    expect(classifier.classify(minified).classification.rule).toBe('ccxt:OnMaintenance');
  });

  it('leaves a bare BaseError to its message (which carries the exchange id)', () => {
    expect(classifier.classify(new BaseError('kraken: something odd')).classification).toEqual({
      category: 'exchange',
      severity: 'high',
      retryable: false,
      rule: 'message:exchange',
    });
  });
});

describe('platform and Breakwater classes', () => {
  const classifier = new Classifier();
  const timeoutDom = Object.assign(new Error('The operation was aborted due to timeout'), {
    name: 'TimeoutError',
    code: 23,
  });
  const abortDom = Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 20 });
  const zod = Object.assign(new Error('[{"code":"invalid_type"}]'), { name: 'ZodError', issues: [] });

  it.each<[string, unknown, object]>([
    [
      'our TimeoutError',
      new TimeoutError(50),
      { category: 'network', severity: 'medium', retryable: true, rule: 'name:TimeoutError' },
    ],
    [
      'an empty TimeoutError (the seed said SYSTEM)',
      Object.assign(new Error(), { name: 'TimeoutError' }),
      { category: 'network', severity: 'medium', retryable: true, rule: 'name:TimeoutError' },
    ],
    [
      'AbortSignal.timeout’s DOMException',
      timeoutDom,
      { category: 'network', severity: 'medium', retryable: true, rule: 'name:TimeoutError' },
    ],
    ['an AbortError', abortDom, { category: 'system', severity: 'low', retryable: false, rule: 'name:AbortError' }],
    ['a ZodError', zod, { category: 'data', severity: 'high', retryable: false, rule: 'name:ZodError' }],
    [
      'an open breaker',
      new CircuitOpenError('kraken', 1500),
      { category: 'system', severity: 'low', retryable: true, retryAfterMs: 1500, rule: 'name:CircuitOpenError' },
    ],
    [
      'a breaker isolated by hand',
      new CircuitOpenError('kraken', undefined),
      { category: 'system', severity: 'low', retryable: false, rule: 'name:CircuitOpenError' },
    ],
  ])('%s', (_, error, expected) => {
    expect(classifier.classify(error).classification).toEqual(expected);
  });

  it('classifies real platform errors', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(classifier.classify(timeout).classification.rule).toBe('name:TimeoutError');
    expect(classifier.classify(abort).classification.rule).toBe('name:AbortError');
    expect(classifier.facts(abort).names).toEqual(['AbortError', 'DOMException', 'Error']);
  });
});
