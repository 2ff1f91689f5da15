/** `name` or `name:port`, the name a bracketed IPv6 address or anything without a colon. */
const hostHeader = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/;

/**
 * Whether a request's `Host` header names a server listening on loopback at `boundHost`: `localhost`,
 * `127.0.0.1`, `[::1]` or that address, with any port or none. A browser page that reached the server under any
 * other name sends that name — the case of DNS rebinding, where `evil.example` first resolves to the attacker
 * and then to 127.0.0.1 — and must be refused. The port is not checked: such a page already uses the server's
 * port, and a development proxy on another port (Vite's) forwards the browser's own `Host`. Subdomains of
 * `localhost` are refused: browsers resolve them to loopback themselves, but a system resolver may ask the
 * network's DNS.
 */
export function isLoopbackHostHeader(header: string | undefined, boundHost: string): boolean {
  const match = header === undefined ? null : hostHeader.exec(header.toLowerCase());
  if (!match) return false;
  const name = match[1]!;
  if (name === 'localhost' || name === '127.0.0.1' || name === '[::1]') return true;
  const bound = boundHost.toLowerCase();
  return name === (bound.includes(':') ? `[${bound}]` : bound);
}
