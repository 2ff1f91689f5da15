import { describe, expect, it } from 'vitest';
import { isLoopbackHostHeader } from './isLoopbackHostHeader.ts';

describe('isLoopbackHostHeader', () => {
  it.each([
    'localhost:4000',
    'LocalHost:4000',
    'localhost',
    '127.0.0.1:4000',
    '127.0.0.1',
    '[::1]:4000',
    '[::1]',
    'localhost:5173',
  ])('%s names a loopback server on 127.0.0.1', (header) => {
    expect(isLoopbackHostHeader(header, '127.0.0.1')).toBe(true);
  });

  it.each([
    undefined,
    '',
    'evil.example:4000',
    'evil.example',
    'app.localhost:4000',
    'localhost.:4000',
    '127.0.0.2:4000',
    '192.168.1.20',
    '[::2]:4000',
    'localhost:4000:1',
    '[::1',
    'user@localhost',
  ])('%s does not', (header) => {
    expect(isLoopbackHostHeader(header, '127.0.0.1')).toBe(false);
  });

  it('names the bound address too, IPv6 in brackets', () => {
    expect(isLoopbackHostHeader('127.0.0.2:4000', '127.0.0.2')).toBe(true);
    expect(isLoopbackHostHeader('[0:0:0:0:0:0:0:1]:4000', '0:0:0:0:0:0:0:1')).toBe(true);
    expect(isLoopbackHostHeader('127.0.0.3:4000', '127.0.0.2')).toBe(false);
  });
});
