import { luaScript } from './LuaScript.ts';

/**
 * One breaker of the fleet in Redis: a hash KEYS[1] (state, openedAt, isolated, reason, epoch, slots), then one
 * counter key per shared strategy (KEYS[2..]). `epoch` counts accepted transitions: a process sends the epoch
 * its state is based on, and a newer epoch in Redis wins. Every accepted transition clears the counters and
 * is published on the fleet's channel (ARGV: origin, channel, name come right after each script's own).
 * Every script answers {state, openedAt, isolated, epoch, reason, granted 0|1}, numbers as text.
 */
const common = `
local function current()
  local h = redis.call('HMGET', KEYS[1], 'state', 'openedAt', 'isolated', 'epoch', 'reason', 'slots')
  return { state = h[1] or 'CLOSED', openedAt = h[2] or '', isolated = h[3] or '0', epoch = tonumber(h[4] or '0'),
    reason = h[5] or '', slots = tonumber(h[6] or '0') }
end
local function reply(c, granted)
  return { c.state, c.openedAt, c.isolated, string.format('%d', c.epoch), c.reason, granted }
end
local function write(c)
  redis.call('HSET', KEYS[1], 'state', c.state, 'openedAt', c.openedAt, 'isolated', c.isolated,
    'epoch', string.format('%d', c.epoch), 'reason', c.reason, 'slots', string.format('%d', c.slots))
end
local function move(c, state, openedAt, isolated, reason, slots, origin, channel, name, keep)
  c.state = state; c.openedAt = openedAt; c.isolated = isolated; c.reason = reason; c.slots = slots
  if not keep then c.epoch = c.epoch + 1 end
  write(c)
  for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
  redis.call('PUBLISH', channel, cjson.encode({ name = name, state = state, openedAt = tonumber(openedAt),
    isolated = isolated == '1', epoch = c.epoch, reason = reason, origin = origin }))
end
`;

/**
 * A process's own transition. ARGV: mode, base epoch, state, openedAt, isolated 0|1, reason, slots, origin,
 * channel, name. `move` (a transition made here): accepted unless Redis holds a newer epoch (one lost in a
 * Redis restart is older), so concurrent transitions from one state keep the first. `restore` (on attach and
 * after an outage, without local news): writes this state only where Redis has none (a Redis that lost its data),
 * at the same epoch, so a transition made during the outage (a `move` from that epoch) still wins.
 */
export const publishScript = luaScript(`${common}
local c = current()
local base = tonumber(ARGV[2])
if ARGV[1] == 'restore' then
  if redis.call('EXISTS', KEYS[1]) == 0 and ARGV[3] ~= 'CLOSED' then
    c.epoch = base
    move(c, ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8], ARGV[9], ARGV[10], true)
  end
  return reply(c, 0)
end
if c.epoch > base then return reply(c, 0) end
if c.epoch == base and c.state == ARGV[3] and c.isolated == ARGV[5] then return reply(c, 0) end
c.epoch = math.max(c.epoch, base)
move(c, ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8], ARGV[9], ARGV[10])
return reply(c, 1)
`);

/**
 * A trial slot for a process whose breaker is due one. The first claim after the recovery timeout moves the
 * fleet to HALF_OPEN with halfOpenMaxCalls slots and takes one; later claims take what is left.
 * ARGV: now, recoveryTimeoutMs, halfOpenMaxCalls, origin, channel, name.
 */
export const trialScript = luaScript(`${common}
local c = current()
local now = tonumber(ARGV[1])
if c.state == 'OPEN' and c.isolated ~= '1' and now - tonumber(c.openedAt) >= tonumber(ARGV[2]) then
  move(c, 'HALF_OPEN', c.openedAt, '0', 'recovery-timeout', tonumber(ARGV[3]) - 1, ARGV[4], ARGV[5], ARGV[6])
  return reply(c, 1)
end
if c.state == 'HALF_OPEN' and c.slots > 0 then
  c.slots = c.slots - 1
  redis.call('HSET', KEYS[1], 'slots', string.format('%d', c.slots))
  return reply(c, 1)
end
return reply(c, 0)
`);

/**
 * Outcomes of a CLOSED breaker: `successes` (batched) then `failed` (0|1), fed to each shared strategy's
 * counter; the first that trips opens the fleet's breaker. Ignored unless Redis says CLOSED.
 * ARGV: now, successes, failed, origin, channel, name, then 5 per strategy (KEYS[1 + i]):
 * `consecutive threshold`, `count rate% minimumCalls size`, `time rate% minimumCalls durationMs bucketMs`.
 */
export const outcomesScript = luaScript(`${common}
local c = current()
if c.state ~= 'CLOSED' then return reply(c, 0) end
local now = tonumber(ARGV[1])
local successes = tonumber(ARGV[2])
local failed = tonumber(ARGV[3])
local trip = nil
for i = 1, #KEYS - 1 do
  local key = KEYS[1 + i]
  local at = 6 + (i - 1) * 5
  local kind = ARGV[at + 1]
  local a, b, x, y = tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3]), tonumber(ARGV[at + 4]), tonumber(ARGV[at + 5])
  if kind == 'consecutive' then
    if successes > 0 then redis.call('DEL', key) end
    local count = tonumber(redis.call('GET', key) or '0')
    if failed == 1 then count = redis.call('INCR', key) end
    if count >= a then trip = trip or 'failure-threshold' end
  else
    local total, flagged = 0, 0
    if kind == 'count' then
      for _ = 1, math.min(successes, x) do redis.call('LPUSH', key, '0') end
      if failed == 1 then redis.call('LPUSH', key, '1') end
      redis.call('LTRIM', key, 0, x - 1)
      local calls = redis.call('LRANGE', key, 0, -1)
      total = #calls
      for _, v in ipairs(calls) do if v == '1' then flagged = flagged + 1 end end
    else
      -- Buckets of y ms by start time (as TimeWindow): field <start> counts calls, <start>:f failures.
      local start = math.floor(now / y) * y
      local bucket = string.format('%d', start)
      if successes + failed > 0 then
        redis.call('HINCRBY', key, bucket, successes + failed)
        redis.call('HINCRBY', key, bucket .. ':f', failed)
        redis.call('PEXPIRE', key, x * 2)
      end
      local fields = redis.call('HGETALL', key)
      for j = 1, #fields, 2 do
        local s, f = string.match(fields[j], '^(%-?%d+)(:?f?)$')
        if tonumber(s) <= start - x then redis.call('HDEL', key, fields[j])
        elseif f == ':f' then flagged = flagged + tonumber(fields[j + 1])
        else total = total + tonumber(fields[j + 1]) end
      end
    end
    if total > 0 and total >= b and flagged * 100 / total >= a then trip = trip or 'failure-rate' end
  end
end
if trip then
  move(c, 'OPEN', ARGV[1], '0', trip, 0, ARGV[4], ARGV[5], ARGV[6])
  return reply(c, 1)
end
return reply(c, 0)
`);
