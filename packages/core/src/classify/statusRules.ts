import { ErrorCategory } from './ErrorCategory.ts';
import { ErrorSeverity } from './ErrorSeverity.ts';
import type { Verdict } from './Verdict.ts';

const { NETWORK, API, EXCHANGE } = ErrorCategory;
const { MEDIUM, HIGH } = ErrorSeverity;

/**
 * HTTP statuses (rule `status:<n>`). Only error statuses (400-599) decide anything.
 *
 * | status       | category | severity | retryable      | why                                                        |
 * |--------------|----------|----------|----------------|------------------------------------------------------------|
 * | 429          | API      | MEDIUM   | yes            | rate limited: wait Retry-After, then retry                 |
 * | 418          | API      | HIGH     | if Retry-After | Binance's IP ban for ignored 429s; early retries extend it |
 * | 408, 425     | NETWORK  | MEDIUM   | yes            | request timeout / too early                                |
 * | 401, 403     | API      | HIGH     | no             | credentials or permissions: a human must act               |
 * | other 4xx    | API      | MEDIUM   | no             | the request itself is wrong                                |
 * | 502, 504     | NETWORK  | MEDIUM   | yes            | a gateway in between failed or timed out                   |
 * | 520-524, 598 | NETWORK  | MEDIUM   | yes            | Cloudflare/proxy origin-connection failures                |
 * | 500          | EXCHANGE | HIGH     | yes            | the exchange broke; usually transient                      |
 * | 503          | EXCHANGE | HIGH     | yes            | unavailable or in maintenance                              |
 * | 501, 505     | EXCHANGE | HIGH     | no             | not implemented / unsupported: will not change             |
 * | other 5xx    | EXCHANGE | HIGH     | yes            |                                                            |
 */
export function statusVerdict(status: number): Verdict | undefined {
  if (status < 400 || status > 599) return undefined;
  if (status < 500) {
    switch (status) {
      case 429:
        return { category: API, severity: MEDIUM, retryable: true };
      case 418:
        return { category: API, severity: HIGH, retryable: true, retryAfterRequired: true };
      case 408:
      case 425:
        return { category: NETWORK, severity: MEDIUM, retryable: true };
      case 401:
      case 403:
        return { category: API, severity: HIGH, retryable: false };
      default:
        return { category: API, severity: MEDIUM, retryable: false };
    }
  }
  switch (status) {
    case 502:
    case 504:
    case 520:
    case 521:
    case 522:
    case 523:
    case 524:
    case 598:
      return { category: NETWORK, severity: MEDIUM, retryable: true };
    case 501:
    case 505:
      return { category: EXCHANGE, severity: HIGH, retryable: false };
    default:
      return { category: EXCHANGE, severity: HIGH, retryable: true };
  }
}
