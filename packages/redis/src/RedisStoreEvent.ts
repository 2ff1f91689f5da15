/** What a `redisStore` reports about Redis trouble; appends never fail for it, so this is how you see it. */
export type RedisStoreEvent =
  /** A write failed (Redis down, slow or refusing): records stay buffered and are tried again. */
  | { type: 'redis-unavailable'; buffered: number; error: unknown }
  /** Redis took writes again; `written`: buffered records written since it became unavailable. */
  | { type: 'redis-restored'; written: number }
  /** The buffer was full: its oldest records not being written were dropped. `total`: since the store opened. */
  | { type: 'records-dropped'; count: number; total: number };
