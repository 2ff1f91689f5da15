import { ErrorCategory } from './ErrorCategory.ts';
import { ErrorSeverity } from './ErrorSeverity.ts';
import type { Verdict } from './Verdict.ts';

const { NETWORK, API, DATA, EXCHANGE, CONFIGURATION, SYSTEM } = ErrorCategory;
const { LOW, MEDIUM, HIGH, CRITICAL } = ErrorSeverity;

/** A built-in rule keyed by class name; `rule` is what the Classification reports. */
export interface NameRule extends Verdict {
  readonly rule: string;
}

type Row = [name: string, category: ErrorCategory, severity: ErrorSeverity, retryable: boolean | 'after-wait'];

/**
 * ccxt 4.x's `errorHierarchy` (ccxt sets `this.name` to the class name, so the leaf is found even in a
 * minified bundle whose parents lost their names). Every class has its own row, so the most specific name
 * in the chain decides and the hierarchy itself never needs walking:
 *
 * BaseError
 *   ExchangeError                        EXCHANGE HIGH     no   the exchange said no, reason unknown
 *     AuthenticationError                API      HIGH     no   keys are wrong: a human must act
 *       PermissionDenied                 API      HIGH     no
 *         AccountNotEnabled              API      HIGH     no
 *       AccountSuspended                 API      CRITICAL no
 *     ArgumentsRequired                  CONFIG   HIGH     no   our call is wrong
 *     BadRequest                         API      MEDIUM   no
 *       BadSymbol                        DATA     HIGH     no   unknown/delisted market
 *     OperationRejected                  API      MEDIUM   no
 *       NoChange > MarginModeAlreadySet  API      LOW      no   nothing to do
 *       MarketClosed                     API      MEDIUM   no
 *       ManualInteractionNeeded          API      HIGH     no
 *       RestrictedLocation               API      CRITICAL no
 *     InsufficientFunds                  API      HIGH     no
 *     InvalidAddress                     DATA     HIGH     no
 *       AddressPending                   EXCHANGE LOW      yes  the address is being generated
 *     InvalidOrder (and its children)    API      MEDIUM   no   retrying a rejected order repeats it
 *       DuplicateOrderId                 API      MEDIUM   no   the order exists: never place it again
 *     NotSupported, InvalidProxySettings CONFIG   HIGH     no
 *     ProxyError                         NETWORK  MEDIUM   yes
 *     ExchangeClosedByUser               SYSTEM   LOW      no   we closed it
 *   OperationFailed                      EXCHANGE MEDIUM   yes  ccxt: "may be temporary"
 *     NetworkError                       NETWORK  MEDIUM   yes
 *       DDoSProtection, RateLimitExceeded API     MEDIUM   yes  wait, then retry
 *       ExchangeNotAvailable             EXCHANGE HIGH     yes
 *         OnMaintenance                  EXCHANGE HIGH     yes
 *       InvalidNonce                     API      MEDIUM   yes  the next request gets a fresh nonce
 *         ChecksumError                  DATA     MEDIUM   yes  resync the order book
 *       RequestTimeout                   NETWORK  MEDIUM   yes
 *     BadResponse > NullResponse         DATA     MEDIUM   yes  usually a truncated or proxy page
 *     CancelPending                      EXCHANGE LOW      yes  ask again later
 *   UnsubscribeError                     SYSTEM   LOW      no
 *
 * Older ccxt versions put RateLimitExceeded under DDoSProtection and BadResponse/CancelPending under
 * ExchangeError/InvalidOrder; per-class rows make that irrelevant. BaseError itself has no row: its message
 * (which ccxt prefixes with the exchange id) decides.
 */
const CCXT: Row[] = [
  ['ExchangeError', EXCHANGE, HIGH, false],
  ['AuthenticationError', API, HIGH, false],
  ['PermissionDenied', API, HIGH, false],
  ['AccountNotEnabled', API, HIGH, false],
  ['AccountSuspended', API, CRITICAL, false],
  ['ArgumentsRequired', CONFIGURATION, HIGH, false],
  ['BadRequest', API, MEDIUM, false],
  ['BadSymbol', DATA, HIGH, false],
  ['OperationRejected', API, MEDIUM, false],
  ['NoChange', API, LOW, false],
  ['MarginModeAlreadySet', API, LOW, false],
  ['MarketClosed', API, MEDIUM, false],
  ['ManualInteractionNeeded', API, HIGH, false],
  ['RestrictedLocation', API, CRITICAL, false],
  ['InsufficientFunds', API, HIGH, false],
  ['InvalidAddress', DATA, HIGH, false],
  ['AddressPending', EXCHANGE, LOW, true],
  ['InvalidOrder', API, MEDIUM, false],
  ['OrderNotFound', API, MEDIUM, false],
  ['OrderNotCached', API, MEDIUM, false],
  ['OrderImmediatelyFillable', API, MEDIUM, false],
  ['OrderNotFillable', API, MEDIUM, false],
  ['DuplicateOrderId', API, MEDIUM, false],
  ['ContractUnavailable', API, MEDIUM, false],
  ['NotSupported', CONFIGURATION, HIGH, false],
  ['InvalidProxySettings', CONFIGURATION, HIGH, false],
  ['ProxyError', NETWORK, MEDIUM, true],
  ['ExchangeClosedByUser', SYSTEM, LOW, false],
  ['OperationFailed', EXCHANGE, MEDIUM, true],
  ['NetworkError', NETWORK, MEDIUM, true],
  ['DDoSProtection', API, MEDIUM, true],
  ['RateLimitExceeded', API, MEDIUM, true],
  ['ExchangeNotAvailable', EXCHANGE, HIGH, true],
  ['OnMaintenance', EXCHANGE, HIGH, true],
  ['InvalidNonce', API, MEDIUM, true],
  ['ChecksumError', DATA, MEDIUM, true],
  ['RequestTimeout', NETWORK, MEDIUM, true],
  ['BadResponse', DATA, MEDIUM, true],
  ['NullResponse', DATA, MEDIUM, true],
  ['CancelPending', EXCHANGE, LOW, true],
  ['UnsubscribeError', SYSTEM, LOW, false],
];

/**
 * Platform and Breakwater classes. TimeoutError covers ours and the DOMException of `AbortSignal.timeout`
 * (the seed called an empty TimeoutError SYSTEM). An abort is the caller's decision, so it is final.
 * A CircuitOpenError is LOW: the failures that opened the breaker were already counted at their own
 * severity; it is retryable only when it has a `retryAfterMs` (a breaker isolated by hand has none).
 * ZodError is DATA and final: a payload that does not fit the schema will not fit it next time either.
 */
const PLATFORM: Row[] = [
  ['TimeoutError', NETWORK, MEDIUM, true],
  ['AbortError', SYSTEM, LOW, false],
  ['CircuitOpenError', SYSTEM, LOW, 'after-wait'],
  ['ZodError', DATA, HIGH, false],
  ['$ZodError', DATA, HIGH, false],
  ['QuotaExceededError', SYSTEM, HIGH, false],
  ['DataCloneError', DATA, HIGH, false],
];

function index(rows: Row[], prefix: string, into: Map<string, NameRule>): void {
  for (const [name, category, severity, retryable] of rows) {
    const rule = `${prefix}:${name}`;
    into.set(
      name,
      retryable === 'after-wait'
        ? { rule, category, severity, retryable: true, retryAfterRequired: true }
        : { rule, category, severity, retryable },
    );
  }
}

/** Built-in verdicts by class name (`ccxt:<Name>` or `name:<Name>`). */
export const nameRules: ReadonlyMap<string, NameRule> = (() => {
  const rules = new Map<string, NameRule>();
  index(CCXT, 'ccxt', rules);
  index(PLATFORM, 'name', rules);
  return rules;
})();

/** The rule of the most specific name in the chain that has one. */
export function matchName(names: readonly string[]): NameRule | undefined {
  for (const name of names) {
    const rule = nameRules.get(name);
    if (rule !== undefined) return rule;
  }
  return undefined;
}
