// @breakwater/redis/testing — a private redis-server per test file, for this package's tests and yours.
export { startRedisServer, type RedisServer, type RedisServerOptions } from './redisServer.ts';
