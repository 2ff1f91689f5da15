import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { tokenMatches, tokenOf } from './bearerToken.ts';

const request = (method: string, authorization?: string) =>
  ({ method, headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe('tokenOf', () => {
  it('reads a Bearer header, whatever the scheme case', () => {
    expect(tokenOf(request('POST', 'Bearer abc'), new URLSearchParams())).toBe('abc');
    expect(tokenOf(request('GET', 'bearer  abc '), new URLSearchParams())).toBe('abc');
  });

  it('ignores other schemes and malformed headers (the query then does not count either)', () => {
    expect(tokenOf(request('GET', 'Basic abc'), new URLSearchParams('token=abc'))).toBeUndefined();
    expect(tokenOf(request('GET', 'Bearer a b'), new URLSearchParams())).toBeUndefined();
  });

  it('takes ?token= on GET only', () => {
    expect(tokenOf(request('GET'), new URLSearchParams('token=abc'))).toBe('abc');
    expect(tokenOf(request('POST'), new URLSearchParams('token=abc'))).toBeUndefined();
  });
});

describe('tokenMatches', () => {
  it('is true only for the exact token', () => {
    expect(tokenMatches('s3cret-token', 's3cret-token')).toBe(true);
    expect(tokenMatches('s3cret-token', 's3cret-tokeN')).toBe(false);
    expect(tokenMatches('s3cret-token', 's3cret')).toBe(false);
    expect(tokenMatches('s3cret-token', '')).toBe(false);
    expect(tokenMatches('s3cret-token', undefined)).toBe(false);
  });
});
