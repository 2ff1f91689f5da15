const brand = 'breakwater.ExchangeResponseError';

export interface ExchangeResponseInit {
  /** ccxt's class name for the failure: the server's `error` field, else one chosen by status. */
  name: string;
  method: string;
  path: string;
  status: number;
  /** Every response header, lower-case keys (`retry-after` among them). */
  headers: Record<string, string>;
  /** The parsed JSON body, or its text when it is not JSON. */
  body: unknown;
  /** The server's own words (`message` of the body), if any. */
  detail?: string;
}

/**
 * The exchange answered with an error status. Shaped like a ccxt error so Breakwater classifies it from its
 * structure alone: `name` is ccxt's class name (`RateLimitExceeded`, `OnMaintenance`, `InvalidNonce`, …),
 * `status` the HTTP status and `headers` a plain object carrying `retry-after`.
 */
export class ExchangeResponseError extends Error {
  override name: string;
  readonly [brand] = true;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;

  constructor(init: ExchangeResponseInit) {
    // ccxt prefixes the exchange's id; the rest says what was asked and what came back.
    super(
      `exchange-sim ${init.method} ${init.path}: ${init.status} ${init.name}${init.detail ? `: ${init.detail}` : ''}`,
    );
    this.name = init.name;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
  }
}

/** Brand check, so it holds across duplicate copies of this module in one bundle. */
export function isExchangeResponseError(error: unknown): error is ExchangeResponseError {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[brand] === true;
}
