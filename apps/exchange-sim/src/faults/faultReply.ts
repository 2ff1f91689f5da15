import type { ErrorBody } from '../client/ExchangeTypes.ts';
import type { ActiveFault } from './ActiveFault.ts';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type AnsweringFault = ActiveFault<'rateLimit' | 'maintenance' | 'nonce' | 'insufficientFunds'>;

const error = (name: string, message: string): ErrorBody => ({ error: name, message });

/** The error answer of a fault that answers at all (the others reset, hold or corrupt the real answer). */
export function faultReply(fault: AnsweringFault): Reply {
  switch (fault.kind) {
    case 'rateLimit':
      return {
        status: 429,
        body: error('RateLimitExceeded', `rate limit exceeded; retry after ${fault.retryAfterS} s`),
        headers: { 'Retry-After': String(fault.retryAfterS) },
      };
    case 'maintenance':
      return { status: 503, body: error('OnMaintenance', 'the exchange is under maintenance') };
    case 'nonce':
      return { status: 400, body: error('InvalidNonce', 'invalid nonce: not greater than the last one used') };
    case 'insufficientFunds':
      return { status: 400, body: error('InsufficientFunds', 'insufficient funds for this order') };
  }
}
