/** The simulator's API endpoints, named after the client methods that call them. */
export const PUBLIC_ENDPOINTS = ['ticker', 'orderBook'] as const;
export const PRIVATE_ENDPOINTS = ['balance', 'createOrder', 'fetchOrder', 'openOrders', 'cancelOrder'] as const;
export const ENDPOINTS = [...PUBLIC_ENDPOINTS, ...PRIVATE_ENDPOINTS] as const;

export type Endpoint = (typeof ENDPOINTS)[number];
/** What a scenario may list under `endpoints`: endpoint names, or `public` / `private` for a whole group. */
export type EndpointSelector = Endpoint | 'public' | 'private';

export const ENDPOINT_SELECTORS = [...ENDPOINTS, 'public', 'private'] as const satisfies readonly EndpointSelector[];

export function expandEndpoints(selectors: readonly EndpointSelector[]): Endpoint[] {
  const out = new Set<Endpoint>();
  for (const selector of selectors) {
    if (selector === 'public') PUBLIC_ENDPOINTS.forEach((e) => out.add(e));
    else if (selector === 'private') PRIVATE_ENDPOINTS.forEach((e) => out.add(e));
    else out.add(selector);
  }
  return ENDPOINTS.filter((e) => out.has(e));
}
