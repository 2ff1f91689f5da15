// @breakwater/redis — a fleet of Node processes on one Redis: a Streams history store, a shared rate-limit
// budget, shared breakers.
export {
  redisStore,
  REDIS_DRIVER,
  type RedisStore,
  type RedisStoreOptions,
  type RedisStoreStats,
} from './redisStore.ts';
export type { RedisStoreEvent } from './RedisStoreEvent.ts';
export { DEFAULT_REDIS_TIMEOUT_MS, type RedisCommandSender, type RedisTarget } from './RedisConnection.ts';
export {
  sharedRateLimit,
  type SharedRateLimit,
  type SharedRateLimitOptions,
  type Acquisition,
} from './sharedRateLimit.ts';
export type { RateLimitEvent } from './RateLimitEvent.ts';
export { RateLimitedError, isRateLimitedError } from './RateLimitedError.ts';
export {
  sharedBreakers,
  type SharedBreakers,
  type SharedBreakersOptions,
  type SharedBreakersStats,
} from './sharedBreakers.ts';
export type { SharedBreakersEvent } from './SharedBreakersEvent.ts';
