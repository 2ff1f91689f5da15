import type { Endpoint } from './Endpoint.ts';

export type Route =
  { endpoint: Endpoint; clientOrderId?: string } | { status: 404 | 405; message: string; allow?: string };

const ORDER_PATH = /^\/api\/orders\/([^/]+)$/;

/** Which endpoint a request is for; `path` is the URL path without its query. */
export function routeRequest(method: string, path: string): Route {
  const pick = (allowed: Partial<Record<string, Endpoint>>, extra: { clientOrderId?: string } = {}): Route => {
    const endpoint = allowed[method];
    if (endpoint !== undefined) return { endpoint, ...extra };
    const allow = Object.keys(allowed).join(', ');
    return { status: 405, message: `${method} is not allowed on ${path}; use ${allow}`, allow };
  };
  switch (path) {
    case '/api/ticker':
      return pick({ GET: 'ticker' });
    case '/api/orderbook':
      return pick({ GET: 'orderBook' });
    case '/api/balance':
      return pick({ GET: 'balance' });
    case '/api/orders':
      return pick({ GET: 'openOrders', POST: 'createOrder' });
  }
  const match = ORDER_PATH.exec(path);
  if (match) {
    let clientOrderId: string;
    try {
      clientOrderId = decodeURIComponent(match[1]!);
    } catch {
      return { status: 404, message: `malformed order id in ${path}` };
    }
    return pick({ GET: 'fetchOrder', DELETE: 'cancelOrder' }, { clientOrderId });
  }
  return { status: 404, message: `no endpoint ${method} ${path}` };
}
