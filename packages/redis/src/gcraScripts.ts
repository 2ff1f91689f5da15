import { luaScript } from './LuaScript.ts';

// Both scripts take `now` (epoch ms) as ARGV[1], or '' to read Redis TIME: one clock for the whole fleet.
const now = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end`;

/**
 * GCRA (generic cell rate algorithm): one key holds the theoretical arrival time (TAT) of the next request.
 * A request is allowed when `max(TAT, now) + interval - burst * interval <= now`, and then moves TAT on by one
 * interval; otherwise the answer is how long until it would be allowed. A pause (a `Retry-After` seen by any
 * process) is a second key holding the time it ends, with a PX expiry, checked first.
 * KEYS: tat, pause. ARGV: now, interval ms, burst. Returns {allowed 0|1, retry-after ms as text}.
 */
export const acquireScript = luaScript(`${now}
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return {0, string.format('%.17g', pausedUntil - now)} end
local interval = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local nextTat = tat + interval
local allowAt = nextTat - tonumber(ARGV[3]) * interval
if allowAt > now then return {0, string.format('%.17g', allowAt - now)} end
-- The expiry only cleans up: a TAT in the past means a full burst, the same as no key. The slack keeps the key
-- while clocks that are not Redis's (an injected clock) run behind it.
redis.call('SET', KEYS[1], string.format('%.17g', nextTat), 'PX', math.ceil(nextTat - now) + 60000)
return {1, '0'}
`);

/** Pauses until `now + ms` unless a longer pause is on. KEYS: pause. ARGV: now, ms. Returns the end, as text. */
export const pauseScript = luaScript(`${now}
local untilMs = now + tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= untilMs then return string.format('%.17g', current) end
redis.call('SET', KEYS[1], string.format('%.17g', untilMs), 'PX', math.ceil(tonumber(ARGV[2])))
return string.format('%.17g', untilMs)
`);
