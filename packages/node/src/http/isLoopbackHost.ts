import { BlockList, isIP } from 'node:net';

let loopback: BlockList | undefined;

/**
 * Whether listening on `host` keeps the server on this machine: `localhost`, 127.0.0.0/8, `::1` (also spelled
 * out, or IPv4-mapped). Anything else — a wildcard (`0.0.0.0`, `::`), a LAN address, another name — is reachable
 * from elsewhere, so it is not.
 */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  if (family === 0) return false;
  // Built on first use (no work at import); BlockList normalises IPv6 spellings and matches IPv4-mapped ones.
  if (!loopback) {
    loopback = new BlockList();
    loopback.addSubnet('127.0.0.0', 8, 'ipv4');
    loopback.addAddress('::1', 'ipv6');
  }
  return loopback.check(host, family === 4 ? 'ipv4' : 'ipv6');
}
