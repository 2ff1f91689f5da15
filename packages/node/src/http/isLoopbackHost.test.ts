import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './isLoopbackHost.ts';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    '%s stays on this machine',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.20',
    '10.0.0.1',
    'fe80::1',
    '::ffff:10.0.0.1',
    'example.com',
    'localhost.example.com',
    '',
  ])('%s is reachable from elsewhere', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
