// Errors a trading bot meets, shared by classify.bench.mjs and handler.bench.mjs. Not a bench file itself (the
// runner only imports `*.bench.mjs`). No ccxt here: its classes are mimicked (ccxt sets `this.name` to the class
// name, and the classifier reads names, not classes).

/**
 * Calls `make` under more frames than V8 keeps (`Error.stackTraceLimit`, 10 by default), so every error made
 * here has a full stack of the same depth, as an error thrown deep inside an exchange client has.
 */
export function atFullDepth(make, depth = Error.stackTraceLimit + 2) {
  return depth > 0 ? atFullDepth(make, depth - 1) : make();
}

// ccxt 4's hierarchy, the part used here.
class BaseError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}
class ExchangeError extends BaseError {}
class InsufficientFunds extends ExchangeError {}
class OperationFailed extends BaseError {}
class NetworkError extends OperationFailed {}
class RateLimitExceeded extends NetworkError {}
class ExchangeNotAvailable extends NetworkError {}
class OnMaintenance extends ExchangeNotAvailable {}

/** Node's socket errors carry `code`, `errno`, `syscall`. */
function systemError(message, code, errno, syscall, extra = {}) {
  return Object.assign(new Error(message), { code, errno, syscall, ...extra });
}

function jsonSyntaxError() {
  try {
    JSON.parse('<html><body><h1>502 Bad Gateway</h1></body></html>');
  } catch (error) {
    return error;
  }
  throw new Error('JSON.parse accepted HTML');
}

/**
 * Eight realistic failures, freshly made (each at full stack depth), with the rule each should hit: class
 * names, status + Retry-After, codes, a cause chain, JSON.parse, and two plain messages that only the
 * message rules (and their cache) decide.
 */
export function realisticErrors() {
  /** @type {Array<[label: string, make: () => unknown]>} */
  const makers = [
    [
      'ccxt RateLimitExceeded, status 429 + Retry-After',
      () =>
        Object.assign(new RateLimitExceeded('kraken {"error":["EAPI:Rate limit exceeded"]}'), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '2' },
        }),
    ],
    ['read ECONNRESET (code)', () => systemError('read ECONNRESET', 'ECONNRESET', -104, 'read')],
    ['JSON.parse SyntaxError (HTML error page)', jsonSyntaxError],
    ['ccxt OnMaintenance', () => new OnMaintenance('kraken {"error":["EService:Unavailable"]}')],
    ["Error('something odd happened')", () => new Error('something odd happened')],
    [
      'fetch TypeError, cause ECONNREFUSED',
      () =>
        new TypeError('fetch failed', {
          cause: systemError('connect ECONNREFUSED 104.16.1.1:443', 'ECONNREFUSED', -111, 'connect', {
            address: '104.16.1.1',
            port: 443,
          }),
        }),
    ],
    ["Error('Connection timed out after 10000ms')", () => new Error('Connection timed out after 10000ms')],
    [
      'ccxt InsufficientFunds',
      () =>
        new InsufficientFunds('binance {"code":-2010,"msg":"Account has insufficient balance for requested action."}'),
    ],
  ];
  return makers.map(([label, make]) => ({ label, error: atFullDepth(make) }));
}

/** Messages no classifier has seen: a counter shared by every `uniqueErrors` call, in four wordings. */
let serial = 1_000_000;
const WORDINGS = [
  (n) => `order ${n} failed: connection reset by peer`, // message rule: network
  (n) => `order ${n} failed: price outside the allowed band`, // no message rule: every rule is tried
  (n) => `kraken: order O${n}-QF rejected`, // message rule: exchange (the first rule)
  (n) => `position ${n}: margin check failed`, // no message rule
];

/** `count` plain Errors whose messages were never made before, each at full stack depth (stack not yet read). */
export function uniqueErrors(count) {
  const errors = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = serial++;
    errors[i] = atFullDepth(() => new Error(WORDINGS[n & 3](n)));
  }
  return errors;
}
