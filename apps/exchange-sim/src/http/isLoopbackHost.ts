import { isLoopbackHost } from '@breakwater/node/http';

/** Whether `host` (a name or address, no port; IPv6 may be bracketed) stays on this machine. */
export function isLoopbackName(host: string): boolean {
  return isLoopbackHost(host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);
}

/**
 * Whether a request's `Host` header names this machine. A page on another site that rebinds its DNS name to
 * 127.0.0.1 still sends its own name here, so checking it keeps such pages out (DNS rebinding).
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (header === undefined) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(header);
  return match !== null && isLoopbackName(match[1]!);
}
