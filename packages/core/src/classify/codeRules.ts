import { ErrorCategory } from './ErrorCategory.ts';
import { ErrorSeverity } from './ErrorSeverity.ts';
import type { Verdict } from './Verdict.ts';

const { NETWORK, DATA, MEMORY, CONFIGURATION, SYSTEM } = ErrorCategory;
const { LOW, MEDIUM, HIGH, CRITICAL } = ErrorSeverity;

const transient: Verdict = { category: NETWORK, severity: MEDIUM, retryable: true };
/** A certificate that does not verify will not verify on the next attempt either. */
const tls: Verdict = { category: NETWORK, severity: HIGH, retryable: false };
const aborted: Verdict = { category: SYSTEM, severity: LOW, retryable: false };
const truncated: Verdict = { category: DATA, severity: MEDIUM, retryable: true };
const setup: Verdict = { category: CONFIGURATION, severity: HIGH, retryable: false };
const memory: Verdict = { category: MEMORY, severity: CRITICAL, retryable: false };

/**
 * Error codes of Node's sockets and DNS, undici (Node's fetch) and the engines (rule `code:<CODE>`).
 * ENOTFOUND counts as transient: DNS outages happen, and a mistyped host exhausts the retry budget fast.
 * Any other `UND_ERR_*` is taken as a transport failure.
 */
const CODES = new Map<string, Verdict>([
  ['ECONNRESET', transient],
  ['ECONNREFUSED', transient],
  ['ECONNABORTED', transient],
  ['ETIMEDOUT', transient],
  ['ESOCKETTIMEDOUT', transient],
  ['EPIPE', transient],
  ['ENOTFOUND', transient],
  ['EAI_AGAIN', transient],
  ['EHOSTUNREACH', transient],
  ['EHOSTDOWN', transient],
  ['ENETUNREACH', transient],
  ['ENETDOWN', transient],
  ['ENETRESET', transient],
  ['EADDRNOTAVAIL', transient],
  ['ERR_SOCKET_CONNECTION_TIMEOUT', transient],
  ['ERR_STREAM_PREMATURE_CLOSE', transient],
  ['ERR_HTTP2_STREAM_ERROR', transient],
  ['ERR_HTTP2_GOAWAY_SESSION', transient],
  ['UND_ERR_CONNECT_TIMEOUT', transient],
  ['UND_ERR_HEADERS_TIMEOUT', transient],
  ['UND_ERR_BODY_TIMEOUT', transient],
  ['UND_ERR_SOCKET', transient],
  ['UND_ERR_CLOSED', transient],
  ['UND_ERR_ABORTED', aborted],
  ['ABORT_ERR', aborted],
  ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', truncated],
  ['UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', setup],
  ['UND_ERR_RES_EXCEEDED_MAX_SIZE', { category: DATA, severity: HIGH, retryable: false }],
  ['UND_ERR_INVALID_ARG', setup],
  ['UND_ERR_NOT_SUPPORTED', setup],
  ['CERT_HAS_EXPIRED', tls],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', tls],
  ['SELF_SIGNED_CERT_IN_CHAIN', tls],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', tls],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', tls],
  ['ERR_TLS_CERT_ALTNAME_INVALID', tls],
  ['ENOENT', setup],
  ['EACCES', setup],
  ['EPERM', setup],
  ['EISDIR', setup],
  ['ENOTDIR', setup],
  ['EMFILE', { category: SYSTEM, severity: HIGH, retryable: true }],
  ['ENFILE', { category: SYSTEM, severity: HIGH, retryable: true }],
  ['ENOSPC', { category: SYSTEM, severity: CRITICAL, retryable: false }],
  ['ENOMEM', memory],
  ['ERR_STRING_TOO_LONG', memory],
]);

export function codeVerdict(code: string): Verdict | undefined {
  const known = CODES.get(code);
  if (known !== undefined) return known;
  return code.startsWith('UND_ERR_') ? transient : undefined;
}
