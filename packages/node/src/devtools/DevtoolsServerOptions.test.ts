import { describe, expect, it } from 'vitest';
import { resolveServerOptions } from './DevtoolsServerOptions.ts';
import { findAppDir } from './findAppDir.ts';

describe('resolveServerOptions', () => {
  it('fills in the defaults', () => {
    const { token, ...rest } = resolveServerOptions({});
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rest).toEqual({
      port: 0,
      host: '127.0.0.1',
      appDir: findAppDir(),
      feed: {},
      allowRemote: false,
      fleetOrigins: [],
      fallbackToFreePort: false,
      maxClients: 16,
      maxClientQueue: 4 * 1024 * 1024,
      replay: 100,
      heartbeatMs: 15_000,
    });
  });

  it('lets a non-loopback host through only with allowRemote: true', () => {
    expect(() => resolveServerOptions({ host: '0.0.0.0' })).toThrow('host "0.0.0.0" is not a loopback address');
    expect(() => resolveServerOptions({ host: '0.0.0.0', allowRemote: false })).toThrow(RangeError);
    expect(resolveServerOptions({ host: '0.0.0.0', allowRemote: true }).host).toBe('0.0.0.0');
    expect(resolveServerOptions({ host: '::1' }).host).toBe('::1');
  });

  it('names each bad option and what it got', () => {
    expect(() => resolveServerOptions({ port: 65_536 })).toThrow(
      'startDevtoolsServer: port must be an integer from 0 to 65535, got 65536',
    );
    expect(() => resolveServerOptions({ host: '' })).toThrow(
      'startDevtoolsServer: host must be a non-empty string, got ""',
    );
    expect(() => resolveServerOptions({ token: '' })).toThrow('got a string of 0 characters');
    expect(() => resolveServerOptions({ token: 42 as unknown as string })).toThrow('got number');
    expect(() => resolveServerOptions({ heartbeatMs: 0 })).toThrow(
      'startDevtoolsServer: heartbeatMs must be a finite number > 0, got 0',
    );
    expect(() => resolveServerOptions({ appDir: '' })).toThrow(
      'startDevtoolsServer: appDir must be a non-empty path, got ""',
    );
    expect(() => resolveServerOptions({ maxClients: 2.5 })).toThrow(
      'startDevtoolsServer: maxClients must be a positive integer, got 2.5',
    );
    expect(() => resolveServerOptions({ fallbackToFreePort: 'yes' as unknown as boolean })).toThrow(
      'startDevtoolsServer: fallbackToFreePort must be a boolean, got "yes"',
    );
    expect(() => resolveServerOptions({ replay: 1.5 })).toThrow(
      'startDevtoolsServer: replay must be a non-negative integer, got 1.5',
    );
  });
});
