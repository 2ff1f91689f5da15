import { useEffect, useState, type FormEvent } from 'react';
import type { OrderSide } from '@breakwater/exchange-sim/client';
import { errorText, formatPrice } from './format.ts';
import { ORDER_MESSAGE_MS, shownOutcome, type OrderOutcome } from './orderOutcome.ts';
import type { ShownOrder, TradingSession } from './session.ts';
import { button, card, colours, input } from './styles.ts';

export interface OrderFormProps {
  session: TradingSession;
  /** Prefills nothing; used as the price when the field is left empty. Until there is one, no order can be sent. */
  lastPrice: number | undefined;
  paperMode: boolean;
  onPlaced: (order: ShownOrder) => void;
}

/**
 * Side, amount, limit price. Submits through `handleErrors` (a client order id per order, check-before-retry);
 * while the handler is in paper mode the order becomes a paper order, said so plainly.
 */
export function OrderForm({ session, lastPrice, paperMode, onPlaced }: OrderFormProps) {
  const [side, setSide] = useState<OrderSide>('buy');
  const [amount, setAmount] = useState('0.01');
  const [price, setPrice] = useState('');
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<OrderOutcome | undefined>();
  const outcome = shownOutcome(said, Date.now());
  // Re-render when the message is due to go (nothing else may re-render the form meanwhile).
  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(
      () => setSaid((o) => (o === said ? undefined : o)),
      Math.max(0, said.at + ORDER_MESSAGE_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [said]);
  const waiting = lastPrice === undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const qty = Number(amount);
    const limit = price.trim() === '' ? lastPrice : Number(price);
    if (!(qty > 0) || limit === undefined || !(limit > 0)) {
      setSaid({ kind: 'failed', message: 'Enter an amount and a price above 0.', at: Date.now() });
      return;
    }
    setBusy(true);
    setSaid(undefined);
    try {
      const order = await session.placeOrder({ side, amount: qty, price: limit });
      setSaid({ kind: order.paper ? 'paper' : 'placed', order, at: Date.now() });
      onPlaced(order);
    } catch (error) {
      setSaid({ kind: 'failed', message: errorText(error), at: Date.now() });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form style={card} aria-label="Order form" onSubmit={(event) => void submit(event)}>
      <h2 style={{ margin: '0 0 10px', fontSize: 14, color: colours.muted }}>
        {paperMode ? 'New order — paper mode: simulated, not sent' : 'New order'}
      </h2>
      <div style={{ display: 'flex', gap: 10, flexWrap: 'wrap', alignItems: 'end' }}>
        <label style={field}>
          Side
          <select style={input} name="side" value={side} onChange={(e) => setSide(e.target.value as OrderSide)}>
            <option value="buy">buy</option>
            <option value="sell">sell</option>
          </select>
        </label>
        <label style={field}>
          Amount (BTC)
          <input
            style={{ ...input, width: 90 }}
            name="amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <label style={field}>
          Limit price (USD)
          <input
            style={{ ...input, width: 120 }}
            name="price"
            inputMode="decimal"
            placeholder={lastPrice === undefined ? '' : formatPrice(lastPrice)}
            value={price}
            onChange={(e) => setPrice(e.target.value)}
          />
        </label>
        <button
          type="submit"
          style={{ ...button, background: side === 'buy' ? '#15803d' : '#b91c1c', opacity: busy || waiting ? 0.6 : 1 }}
          disabled={busy || waiting}
        >
          {busy ? 'Placing…' : waiting ? 'Waiting for a price…' : paperMode ? `Paper ${side}` : `Place ${side}`}
        </button>
      </div>
      {outcome && (
        <p
          data-testid="order-outcome"
          data-kind={outcome.kind}
          style={{
            margin: '10px 0 0',
            color: outcome.kind === 'failed' ? colours.bad : outcome.kind === 'paper' ? colours.paper : colours.ok,
          }}
        >
          {outcome.kind === 'failed'
            ? `Order not placed — ${outcome.message}`
            : outcome.kind === 'paper'
              ? `Paper order ${outcome.order.id}: exchange down, nothing was sent (${outcome.order.status})`
              : `Placed ${outcome.order.id} on the exchange (${outcome.order.status})`}
        </p>
      )}
    </form>
  );
}

const field = { display: 'flex', flexDirection: 'column', gap: 4, fontSize: 12, color: colours.muted } as const;
