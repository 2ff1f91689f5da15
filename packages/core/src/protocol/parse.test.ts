import { describe, expect, it } from 'vitest';
import { parseDevtoolsCommand, parseDevtoolsMessage } from './parse.ts';
import { isProtocolError } from './ProtocolError.ts';

describe('devtools protocol parsing', () => {
  it('refuses another protocol version with a message that says so', () => {
    expect(() => parseDevtoolsMessage({ type: 'batch', version: 2, seq: 1, at: 0, events: [], dropped: 0, breakers: [], stats: {} })).toThrow(
      /^Invalid devtools message: version: protocol version 2 is not supported \(this panel speaks version 1\)/,
    );
  });

  it('names every problem with its path', () => {
    try {
      parseDevtoolsMessage({ type: 'batch', version: 1, seq: 'x', at: 0, events: [{ type: 'breaker.state', name: 'k' }], dropped: 0, breakers: [] });
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error)).toBe(true);
      const issues = (error as { issues: string[] }).issues;
      expect(issues).toContain('seq: Invalid input: expected number, received string');
      expect(issues.some((i) => i.startsWith('events[0].from:'))).toBe(true);
      expect(issues.some((i) => i.startsWith('stats:'))).toBe(true);
    }
  });

  it('refuses an unknown message type', () => {
    expect(() => parseDevtoolsMessage({ type: 'hello' })).toThrow(/^Invalid devtools message: type: /);
  });

  it('checks commands', () => {
    expect(parseDevtoolsCommand({ type: 'mode.set', mode: 'live' })).toEqual({ type: 'mode.set', mode: 'live' });
    expect(() => parseDevtoolsCommand({ type: 'mode.set', mode: 'turbo' })).toThrow(/^Invalid devtools command: mode: /);
  });
});
