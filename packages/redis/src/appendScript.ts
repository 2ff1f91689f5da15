import { luaScript } from './LuaScript.ts';

/**
 * Appends one batch to the stream in one round trip, atomically, and at most once.
 * KEYS: stream, last-id-ms key, batch marker. ARGV: marker TTL (ms), then `idMs, json` per record.
 *
 * Entry ids are `<ms>-<seq>` with `ms = max(floor(timestamp), last ms of the stream)`: they never go backwards
 * (Streams require it) even when processes append concurrently, and `ms >= timestamp`, so `XTRIM MINID` trims
 * by the records' own time and a `from` filter can start the scan at `from`. The marker makes a batch that
 * timed out on the client but ran on the server a no-op when it is sent again.
 */
export const appendScript = luaScript(`
if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[1]) then return 0 end
local lastText = redis.call('GET', KEYS[2]) or '0'
local last = tonumber(lastText)
for i = 2, #ARGV, 2 do
  local ms = ARGV[i]
  if tonumber(ms) < last then ms = lastText else lastText = ms; last = tonumber(ms) end
  redis.call('XADD', KEYS[1], ms .. '-*', 'r', ARGV[i + 1])
end
redis.call('SET', KEYS[2], lastText)
return (#ARGV - 1) / 2
`);
