import { describe, expect, it } from 'vitest';
import { Classifier } from './Classifier.ts';

const classifier = new Classifier();

function systemError(code: string, message = `${code}: something`): Error {
  return Object.assign(new Error(message), { code });
}

describe('error code rules', () => {
  it.each<[string, string, string, boolean]>([
    ['ECONNRESET', 'network', 'medium', true],
    ['ECONNREFUSED', 'network', 'medium', true],
    ['ETIMEDOUT', 'network', 'medium', true],
    ['ENOTFOUND', 'network', 'medium', true],
    ['EPIPE', 'network', 'medium', true],
    ['EAI_AGAIN', 'network', 'medium', true],
    ['EHOSTUNREACH', 'network', 'medium', true],
    ['ENETUNREACH', 'network', 'medium', true],
    ['UND_ERR_CONNECT_TIMEOUT', 'network', 'medium', true],
    ['UND_ERR_HEADERS_TIMEOUT', 'network', 'medium', true],
    ['UND_ERR_BODY_TIMEOUT', 'network', 'medium', true],
    ['UND_ERR_SOCKET', 'network', 'medium', true],
    ['UND_ERR_SOMETHING_NEW', 'network', 'medium', true],
    ['UND_ERR_ABORTED', 'system', 'low', false],
    ['ABORT_ERR', 'system', 'low', false],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'data', 'medium', true],
    ['CERT_HAS_EXPIRED', 'network', 'high', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'network', 'high', false],
    ['ENOENT', 'config', 'high', false],
    ['EACCES', 'config', 'high', false],
    ['EMFILE', 'system', 'high', true],
    ['ENOSPC', 'system', 'critical', false],
    ['ENOMEM', 'memory', 'critical', false],
  ])('%s -> %s / %s / retryable %s', (code, category, severity, retryable) => {
    expect(classifier.classify(systemError(code)).classification).toEqual({
      category,
      severity,
      retryable,
      rule: `code:${code}`,
    });
  });

  it('ignores codes it does not know and reads the message instead', () => {
    expect(classifier.classify(systemError('E_WHATEVER', 'invalid payload')).classification.rule).toBe('message:data');
  });

  it('reads numeric codes as strings (fingerprints and custom rules see them)', () => {
    expect(classifier.facts(Object.assign(new Error('x'), { code: -1003 })).code).toBe('-1003');
  });
});
