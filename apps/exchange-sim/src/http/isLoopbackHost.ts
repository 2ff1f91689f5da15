import { BlockList, isIP } from 'node:net';

let loopback: BlockList | undefined;

/** Whether `host` (a name or address, no port) stays on this machine: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 0) return false;
  if (!loopback) {
    loopback = new BlockList();
    loopback.addSubnet('127.0.0.0', 8, 'ipv4');
    loopback.addAddress('::1', 'ipv6');
  }
  return loopback.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether a request's `Host` header names this machine. A page on another site that rebinds its DNS name to
 * 127.0.0.1 still sends its own name here, so checking it keeps such pages out (DNS rebinding).
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (header === undefined) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(header);
  return match !== null && isLoopbackHost(match[1]!);
}
