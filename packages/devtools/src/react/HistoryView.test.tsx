import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryView } from '../index.ts';
import { errorRecord, snapshot } from '../testing/messages.ts';
import { recordKrakenOutage } from '../testing/recordKrakenOutage.ts';
import { replay, replayRecording } from '../testing/replay.ts';

afterEach(cleanup);

const rows = () =>
  [...document.querySelectorAll('li[data-error] > button')].map((b) =>
    [...b.children].map((c) => c.textContent).join(' | '),
  );
const status = () => screen.getByRole('status').textContent;
/** These cases look at single records: repeats shown one by one. */
const ungroup = () => fireEvent.click(screen.getByRole('checkbox', { name: 'Group repeats' }));

async function renderRecording() {
  const { store } = replayRecording(await recordKrakenOutage());
  render(<HistoryView history={store.getSnapshot().history} />);
  ungroup();
}

describe('HistoryView', () => {
  it('lists errors newest first', async () => {
    await renderRecording();
    expect(status()).toBe('8 errors, newest first');
    // Each with what finally became of it (issue #11), from the batches' error.settled events.
    expect(rows().slice(0, 4)).toEqual([
      '12:01:00 | medium | api | coinbase | create_order | RateLimitExceeded: 429 Too Many Requests | gave up',
      '12:01:00 | medium | network | kraken | fetch_ticker | Error: kraken: read ECONNRESET | gave up',
      '12:00:00 | medium | data | binance | fetch_ticker | BadResponse: corrupt ticker: last price is null | ' +
        'serve_cached → served a fallback value',
      '12:00:00 | medium | network | kraken | fetch_ticker | Error: kraken: read ECONNRESET | gave up',
    ]);
  });

  it('filters by component, category, severity and text', async () => {
    await renderRecording();
    const choose = (label: string, value: string) =>
      fireEvent.change(screen.getByRole('combobox', { name: label }), { target: { value } });
    choose('Filter by component', 'kraken');
    expect(status()).toBe('6 of 8 errors match');
    choose('Filter by component', '');
    choose('Filter by category', 'api');
    expect(rows()).toEqual([
      '12:01:00 | medium | api | coinbase | create_order | RateLimitExceeded: 429 Too Many Requests | gave up',
    ]);
    choose('Filter by category', '');
    choose('Filter by severity', 'critical');
    expect(screen.getByText('No error matches these filters.')).toBeTruthy();
    choose('Filter by severity', 'medium');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search errors' }), { target: { value: 'CORRUPT' } });
    expect(rows()).toEqual([
      '12:00:00 | medium | data | binance | fetch_ticker | BadResponse: corrupt ticker: last price is null | ' +
        'serve_cached → served a fallback value',
    ]);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search errors' }), { target: { value: 'econnreset' } });
    expect(status()).toBe('6 of 8 errors match'); // the code matches too
    expect(
      screen
        .getAllByRole('option')
        .map((o) => o.textContent)
        .slice(0, 4),
    ).toEqual(['any component', 'binance', 'coinbase', 'kraken']);
  });

  it('opens a row to the full context: message, code, status, stack and the redacted metadata', async () => {
    await renderRecording();
    const row = screen.getAllByRole('button', { expanded: false })[1]!;
    fireEvent.click(row);
    expect(row.getAttribute('aria-expanded')).toBe('true');
    const field = (name: string) => document.querySelector(`[data-field="${name}"]`)!.textContent;
    expect(field('Message')).toBe('kraken: read ECONNRESET');
    expect(field('Code')).toBe('ECONNRESET');
    expect(field('Status')).toBe('—');
    expect(field('Retryable')).toBe('yes');
    expect(field('Retries')).toBe('0/3');
    expect(field('Stack')).toBe('Error: kraken: read ECONNRESET\n    at fetchTicker (bot.ts:12:7)');
    expect(field('Metadata')).toBe('{\n  "symbol": "BTC/USD"\n}');
    fireEvent.click(row);
    expect(document.querySelector('[data-field]')).toBeNull();

    // An older kraken error carried an API key: the panel only ever saw it redacted.
    const older = screen.getAllByRole('button', { expanded: false })[3]!;
    fireEvent.click(older);
    expect(field('Metadata')).toBe('{\n  "symbol": "BTC/USD",\n  "apiKey": "[REDACTED]"\n}');
    expect(document.body.textContent).not.toContain('sk-live');
    fireEvent.click(screen.getAllByRole('button', { expanded: false })[0]!);
    expect(field('Status')).toBe('429');
    expect(field('Code')).toBe('—');
  });

  it('renders at most a page of rows, with more on request', () => {
    const history = Array.from({ length: 500 }, (_, i) => errorRecord(i));
    const { store } = replay([snapshot({ history })], 0);
    render(<HistoryView history={store.getSnapshot().history} />);
    ungroup();
    expect(document.querySelectorAll('li[data-error]')).toHaveLength(200);
    expect(document.querySelector('li[data-error]')!.getAttribute('data-error')).toBe('e-499');
    expect(screen.getByText('Show more (300 hidden)')).toBeTruthy();
    cleanup();
    render(<HistoryView history={store.getSnapshot().history.slice(0, 50)} pageSize={20} />);
    ungroup();
    fireEvent.click(screen.getByText('Show more (30 hidden)'));
    fireEvent.click(screen.getByText('Show more (10 hidden)'));
    expect(document.querySelectorAll('li[data-error]')).toHaveLength(50);
    expect(screen.queryByText(/Show more/)).toBeNull();
  });

  it('groups repeats of one error (one fingerprint): count, first and last seen, opening to each occurrence', () => {
    const at = (minute: number) => Date.UTC(2026, 0, 1, 12, minute, 0);
    const history = [
      errorRecord(5, { fingerprint: 'a', timestamp: at(5) }),
      errorRecord(4, { fingerprint: 'b', timestamp: at(4), message: 'other' }),
      errorRecord(3, { fingerprint: 'a', timestamp: at(3) }),
      errorRecord(2, { fingerprint: 'c', timestamp: at(2), severity: 'high' }),
      errorRecord(1, { fingerprint: 'a', timestamp: at(1) }),
    ];
    render(<HistoryView history={history} />);
    const groups = () =>
      [...document.querySelectorAll('li[data-group] > button')].map((b) =>
        [...b.children].map((c) => c.textContent).join(' | '),
      );
    expect(groups()).toEqual([
      '12:05:00 | medium | network | kraken | fetch_ticker | Error: failure 5 | ×3 | first 12:01:00',
    ]);
    expect(rows()).toEqual([
      '12:04:00 | medium | network | kraken | fetch_ticker | Error: other',
      '12:02:00 | high | network | kraken | fetch_ticker | Error: failure 2',
    ]);
    expect(
      [...document.querySelectorAll('ul[aria-label="Errors"] > li')].map(
        (li) => li.getAttribute('data-group') ?? li.getAttribute('data-error'),
      ),
    ).toEqual(['a', 'e-4', 'e-2']);
    expect(status()).toBe('5 errors, newest first');

    const group = screen.getByRole('button', { name: /×3/ });
    fireEvent.click(group);
    expect(group.getAttribute('aria-expanded')).toBe('true');
    expect(
      [...document.querySelectorAll('li[data-group] li[data-error]')].map((li) => li.getAttribute('data-error')),
    ).toEqual(['e-5', 'e-3', 'e-1']);
    fireEvent.click(document.querySelector('li[data-group] li[data-error="e-3"] > button')!);
    expect(document.querySelector('[data-field="Id"]')!.textContent).toBe('e-3');
    fireEvent.click(group);
    expect(document.querySelectorAll('li[data-group] li[data-error]')).toHaveLength(0);

    // Filters apply first: a group of one is a plain row.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search errors' }), { target: { value: 'failure 3' } });
    expect(groups()).toEqual([]);
    expect(rows()).toEqual(['12:03:00 | medium | network | kraken | fetch_ticker | Error: failure 3']);
  });

  it('caps groups per page, not records', () => {
    const history = Array.from({ length: 500 }, (_, i) =>
      errorRecord(499 - i, { fingerprint: `fp-${(499 - i) % 250}` }),
    );
    render(<HistoryView history={history} pageSize={100} />);
    expect(document.querySelectorAll('li[data-group]')).toHaveLength(100);
    expect(document.querySelector('li[data-group] > button')!.textContent).toContain('×2');
    expect(screen.getByText('Show more (150 hidden)')).toBeTruthy();
  });
});
