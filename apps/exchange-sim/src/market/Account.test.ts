import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { Account } from './Account.ts';

const quote = { last: 100, bid: 99, ask: 101 };
const buy = (clientOrderId: string, price: number, amount = 1) => ({
  clientOrderId,
  symbol: 'BTC/USD',
  side: 'buy' as const,
  amount,
  price,
});

describe('Account', () => {
  it('holds funds for resting orders, fills crossing ones at their price, and gives holds back on cancel', () => {
    const clock = new ManualClock(7);
    const account = new Account({ USD: 1_000, BTC: 2 }, clock);
    expect(account.place(buy('rest', 90, 2), quote)).toMatchObject({
      ok: true,
      order: { id: 'O1', status: 'open', createdAt: 7 },
    });
    expect(account.balances()).toEqual({ USD: 820, BTC: 2 });
    expect(account.place(buy('cross', 101), quote)).toMatchObject({
      ok: true,
      order: { status: 'filled', filledAt: 7 },
    });
    expect(account.balances()).toEqual({ USD: 719, BTC: 3 });
    expect(account.place({ ...buy('sell', 99, 0.5), side: 'sell' }, quote)).toMatchObject({
      ok: true,
      order: { status: 'filled' },
    });
    expect(account.balances()).toEqual({ USD: 768.5, BTC: 2.5 });
    expect(account.cancel('rest')).toMatchObject({ ok: true, order: { status: 'canceled' } });
    expect(account.balances()).toEqual({ USD: 948.5, BTC: 2.5 });
    expect(account.cancel('rest')).toEqual({ ok: false, error: 'InvalidOrder', message: 'order O1 is canceled' });
    expect(account.cancel('nope')).toMatchObject({ ok: false, error: 'OrderNotFound' });
  });

  it('fills resting orders when the market reaches them', () => {
    const account = new Account({ USD: 1_000 }, new ManualClock(0));
    account.place(buy('low', 95), quote);
    account.fillCrossing('BTC/USD', { last: 97, bid: 96, ask: 98 });
    expect(account.get('low')?.status).toBe('open');
    account.fillCrossing('ETH/USD', { last: 90, bid: 89, ask: 91 }); // another symbol
    expect(account.get('low')?.status).toBe('open');
    account.fillCrossing('BTC/USD', { last: 94, bid: 93, ask: 95 });
    expect(account.get('low')?.status).toBe('filled');
    expect(account.balances()).toEqual({ USD: 905, BTC: 1 });
    expect(account.open()).toEqual([]);
  });

  it('refuses a known client order id, counting the attempt, and orders it cannot pay for', () => {
    const account = new Account({ USD: 100 }, new ManualClock(0));
    account.place(buy('a', 50), quote);
    expect(account.place(buy('a', 50), quote)).toEqual({
      ok: false,
      error: 'DuplicateOrderId',
      message: 'an order with clientOrderId "a" already exists',
    });
    expect(account.place(buy('b', 60), quote)).toEqual({
      ok: false,
      error: 'InsufficientFunds',
      message: 'buy 1 BTC/USD at 60 needs 60 USD, 50 available',
    });
    expect([account.accepted, account.duplicateAttempts]).toEqual([1, 1]);
    // Copies out: callers cannot change the book.
    account.get('a')!.status = 'filled';
    expect(account.get('a')!.status).toBe('open');
  });
});
