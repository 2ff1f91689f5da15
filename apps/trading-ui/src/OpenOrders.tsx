import type { Order } from '@breakwater/exchange-sim/client';
import { formatPrice } from './format.ts';
import type { ShownOrder } from './session.ts';
import { button, card, colours } from './styles.ts';
import type { OpenOrdersState } from './useOpenOrders.ts';

export interface OpenOrdersProps {
  state: OpenOrdersState;
  paperMode: boolean;
  onCancel: (clientOrderId: string) => void;
  onDiscardPaper: (clientOrderId: string) => void;
}

/** The exchange's open orders, then paper orders (marked PAPER: simulated while the exchange was down). */
export function OpenOrders({ state, paperMode, onCancel, onDiscardPaper }: OpenOrdersProps) {
  const { live, stale, problem, paper } = state;
  const rows: Array<{ order: Order | ShownOrder; paper: boolean }> = [
    ...paper.map((order) => ({ order, paper: true })),
    ...(live ?? []).map((order) => ({ order, paper: false })),
  ];
  return (
    <section style={card} aria-label="Open orders" data-testid="open-orders">
      <h2
        style={{
          margin: '0 0 10px',
          fontSize: 14,
          color: colours.muted,
          display: 'flex',
          gap: 10,
          alignItems: 'center',
        }}
      >
        Open orders
        {stale && (
          <span
            data-testid="orders-stale"
            style={{ fontSize: 12, color: colours.warn, fontWeight: 600 }}
            title={problem}
          >
            stale · the last fetch failed, list as last seen
          </span>
        )}
      </h2>
      {live === undefined && !stale && paper.length === 0 ? (
        <p style={{ margin: 0, color: colours.muted }}>Loading open orders…</p>
      ) : rows.length === 0 ? (
        <p style={{ margin: 0, color: colours.muted }}>No open orders.</p>
      ) : (
        <table style={{ width: '100%', borderCollapse: 'collapse', fontVariantNumeric: 'tabular-nums' }}>
          <thead>
            <tr style={{ color: colours.muted, textAlign: 'left', fontSize: 12 }}>
              <th style={cell}>id</th>
              <th style={cell}>side</th>
              <th style={cell}>amount</th>
              <th style={cell}>price</th>
              <th style={cell}>status</th>
              <th style={cell} />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ order, paper: isPaper }) => (
              <tr
                key={`${isPaper ? 'p' : 'l'}:${order.clientOrderId}`}
                data-testid="order-row"
                data-paper={isPaper ? 'true' : 'false'}
                data-order-id={order.id}
                style={{ borderTop: `1px solid ${colours.border}` }}
              >
                <td style={cell}>
                  {order.id}
                  {isPaper && (
                    <span
                      style={{
                        marginLeft: 6,
                        padding: '1px 6px',
                        borderRadius: 8,
                        fontSize: 11,
                        background: colours.paperBg,
                        color: colours.paper,
                      }}
                    >
                      PAPER
                    </span>
                  )}
                </td>
                <td style={{ ...cell, color: order.side === 'buy' ? colours.ok : colours.bad }}>{order.side}</td>
                <td style={cell}>{order.amount}</td>
                <td style={cell}>{formatPrice(order.price)}</td>
                <td style={cell}>{isPaper ? `${order.status} (simulated)` : order.status}</td>
                <td style={{ ...cell, textAlign: 'right' }}>
                  {isPaper ? (
                    <button type="button" style={small} onClick={() => onDiscardPaper(order.clientOrderId)}>
                      Discard
                    </button>
                  ) : (
                    <button
                      type="button"
                      style={small}
                      disabled={paperMode}
                      title={paperMode ? 'The exchange is down' : undefined}
                      onClick={() => onCancel(order.clientOrderId)}
                    >
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const cell = { padding: '6px 8px' } as const;
const small = { ...button, background: '#334155', padding: '3px 10px', fontSize: 12 } as const;
