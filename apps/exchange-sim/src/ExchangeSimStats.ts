import { ENDPOINTS, type Endpoint } from './api/Endpoint.ts';
import { FAULT_KINDS, type FaultKind } from './faults/FaultKind.ts';

export interface ExchangeSimStats {
  /** API requests that named an endpoint (static files and unknown paths are not counted). */
  requests: number;
  byEndpoint: Record<Endpoint, number>;
  /** Faults that struck, by kind; `latency` counts delayed requests. */
  faults: Record<FaultKind, number>;
  /** Orders stored, including those whose answer was then lost. */
  ordersAccepted: number;
  /** Orders refused as `DuplicateOrderId`: each one a retry that placed (or tried to place) an order twice. */
  duplicateOrderAttempts: number;
  /** The scenario's current phase; undefined without phases. */
  phase: string | undefined;
  /** The kind forced by `setOutage`, or null. */
  outage: FaultKind | null;
  /** Whether a scripted maintenance window is open. */
  maintenanceWindow: boolean;
}

/** The request and fault counters behind `stats()`. */
export class RequestCounters {
  requests = 0;
  readonly byEndpoint = Object.fromEntries(ENDPOINTS.map((e) => [e, 0])) as Record<Endpoint, number>;
  readonly faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

  request(endpoint: Endpoint): void {
    this.requests++;
    this.byEndpoint[endpoint]++;
  }

  fault(kind: FaultKind): void {
    this.faults[kind]++;
  }
}
