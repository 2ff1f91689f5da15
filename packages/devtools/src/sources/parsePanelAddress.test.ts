import { describe, expect, it } from 'vitest';
import { parsePanelAddress } from './parsePanelAddress.ts';

const page = 'http://127.0.0.1:5001/#token=T1';

describe('parsePanelAddress', () => {
  it('reads the page’s own server alone when no source is listed', () => {
    expect(parsePanelAddress(page)).toEqual([{ url: 'http://127.0.0.1:5001/', token: 'T1', label: '127.0.0.1:5001' }]);
    expect(parsePanelAddress('http://127.0.0.1:5001/')).toEqual([
      { url: 'http://127.0.0.1:5001/', token: undefined, label: '127.0.0.1:5001' },
    ]);
  });

  it('adds every source= in the fragment, encoded or as printed', () => {
    const encoded = encodeURIComponent('http://127.0.0.1:5002/#token=T2');
    expect(parsePanelAddress(`${page}&source=${encoded}&source=http://localhost:5003/#token=T3`)).toEqual([
      { url: 'http://127.0.0.1:5001/', token: 'T1', label: '127.0.0.1:5001' },
      { url: 'http://127.0.0.1:5002/', token: 'T2', label: '127.0.0.1:5002' },
      { url: 'http://localhost:5003/', token: 'T3', label: 'localhost:5003' },
    ]);
  });

  it('names every bad source, never echoing a token', () => {
    const bad = [
      'nonsense#token=SECRET',
      'ftp://127.0.0.1:5002/#token=SECRET',
      'http://127.0.0.1:5003/',
      'http://127.0.0.1:5001/#token=SECRET',
    ];
    const href = `${page}${bad.map((s) => `&source=${encodeURIComponent(s)}`).join('')}`;
    expect(() => parsePanelAddress(href)).toThrow(
      new RangeError(
        'Bad fleet address: source 1 ("nonsense#…") is not an address like http://127.0.0.1:5002/#token=…; ' +
          'source 2 (ftp://127.0.0.1:5002/) is not an http(s) address; ' +
          'source 3 (http://127.0.0.1:5003/) has no #token=…: give the whole address its bot printed; ' +
          "source 4 (http://127.0.0.1:5001/) is listed twice (or is this page's own server)",
      ),
    );
  });
});
