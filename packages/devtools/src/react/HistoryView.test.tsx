import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryView } from '../index.ts';
import { errorRecord, snapshot } from '../testing/messages.ts';
import { recordKrakenOutage } from '../testing/recordKrakenOutage.ts';
import { replay, replayRecording } from '../testing/replay.ts';

afterEach(cleanup);

const rows = () => [...document.querySelectorAll('li[data-error] > button')].map((b) => [...b.children].map((c) => c.textContent).join(' | '));
const status = () => screen.getByRole('status').textContent;

async function renderRecording() {
  const { store } = replayRecording(await recordKrakenOutage());
  render(<HistoryView history={store.getSnapshot().history} />);
}

describe('HistoryView', () => {
  it('lists errors newest first', async () => {
    await renderRecording();
    expect(status()).toBe('8 errors, newest first');
    // Each with what finally became of it (issue #11), from the batches' error.settled events.
    expect(rows().slice(0, 4)).toEqual([
      '12:01:00 | medium | api | coinbase | create_order | RateLimitExceeded: 429 Too Many Requests | gave up',
      '12:01:00 | medium | network | kraken | fetch_ticker | Error: kraken: read ECONNRESET | gave up',
      '12:00:00 | medium | data | binance | fetch_ticker | BadResponse: corrupt ticker: last price is null | serve_cached → served a fallback value',
      '12:00:00 | medium | network | kraken | fetch_ticker | Error: kraken: read ECONNRESET | gave up',
    ]);
  });

  it('filters by component, category, severity and text', async () => {
    await renderRecording();
    const choose = (label: string, value: string) => fireEvent.change(screen.getByRole('combobox', { name: label }), { target: { value } });
    choose('Filter by component', 'kraken');
    expect(status()).toBe('6 of 8 errors match');
    choose('Filter by component', '');
    choose('Filter by category', 'api');
    expect(rows()).toEqual(['12:01:00 | medium | api | coinbase | create_order | RateLimitExceeded: 429 Too Many Requests | gave up']);
    choose('Filter by category', '');
    choose('Filter by severity', 'critical');
    expect(screen.getByText('No error matches these filters.')).toBeTruthy();
    choose('Filter by severity', 'medium');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search errors' }), { target: { value: 'CORRUPT' } });
    expect(rows()).toEqual(['12:00:00 | medium | data | binance | fetch_ticker | BadResponse: corrupt ticker: last price is null | serve_cached → served a fallback value']);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search errors' }), { target: { value: 'econnreset' } });
    expect(status()).toBe('6 of 8 errors match'); // the code matches too
    expect(screen.getAllByRole('option').map((o) => o.textContent).slice(0, 4)).toEqual(['any component', 'binance', 'coinbase', 'kraken']);
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
    expect(document.querySelectorAll('li[data-error]')).toHaveLength(200);
    expect(document.querySelector('li[data-error]')!.getAttribute('data-error')).toBe('e-499');
    expect(screen.getByText('Show more (300 hidden)')).toBeTruthy();
    cleanup();
    render(<HistoryView history={store.getSnapshot().history.slice(0, 50)} pageSize={20} />);
    fireEvent.click(screen.getByText('Show more (30 hidden)'));
    fireEvent.click(screen.getByText('Show more (10 hidden)'));
    expect(document.querySelectorAll('li[data-error]')).toHaveLength(50);
    expect(screen.queryByText(/Show more/)).toBeNull();
  });
});
