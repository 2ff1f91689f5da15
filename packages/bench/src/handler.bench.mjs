// `handle()` throughput: `await handler.handle(ctx)` on contexts classified beforehand, with the default
// recovery actions, with no listener and with one (a no-op `handler.subscribe(() => {})`: what building and
// delivering the events costs).

import { ErrorHandler, systemClock } from '@breakwater/core';
import { realisticErrors } from './fixtures.mjs';
import { note, suite } from './harness.mjs';

/**
 * The real clock, except that sleeping is counted and refused: no recovery path of `handle()` may wait (the
 * default actions only return an outcome such as `{ type: 'retry', delayMs }`; waiting is the caller's job).
 * A sleep would show as a failed recovery and a non-zero count in the notes.
 */
let sleeps = 0;
const real = systemClock();
const clock = {
  now: real.now,
  sleep: () => {
    sleeps++;
    return Promise.reject(new Error('handler bench: a recovery path slept'));
  },
};

// A threshold no run reaches: unrecovered errors count as failures of their component's breaker, and an OPEN
// breaker would short-circuit handle() (recovery skipped) instead of measuring it. Checked after the run.
const CONFIG = { circuitBreaker: { failureThreshold: 1_000_000 } };
const COMPONENTS = ['kraken', 'binance', 'coinbase', 'bybit'];
const OPERATIONS = ['fetch_ticker', 'create_order', 'fetch_balance', 'fetch_order_book'];
const errors = realisticErrors();

/** 32 contexts (8 errors × 4 components), classified by `handler` itself, as a wrapped call would. */
function contextsOf(handler) {
  const contexts = [];
  for (const component of COMPONENTS) {
    errors.forEach(({ error }, k) => {
      contexts.push(handler.classify(error, OPERATIONS[k & 3], component, { symbol: 'BTC/USD', attempt: 1 }));
    });
  }
  return contexts;
}

function setup({ listener }) {
  const handler = new ErrorHandler(CONFIG, { clock });
  if (listener) handler.subscribe(() => {});
  const contexts = contextsOf(handler);
  const mask = contexts.length - 1; // 32
  let i = 0;
  return { handler, contexts, run: () => handler.handle(contexts[i++ & mask]) };
}

// What one pass over the 32 contexts does, on a handler of its own (so the measured ones start fresh).
const sample = setup({ listener: false });
let events = 0;
sample.handler.subscribe(() => events++);
const outcomes = new Map();
for (const ctx of sample.contexts) {
  const { recovered, action, outcome } = await sample.handler.handle(ctx);
  const key = recovered ? `${action} → ${outcome.type}` : 'not recovered';
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

const NONE = 'no listeners';
const ONE = 'one listener: subscribe(() => {})';
const without = setup({ listener: false });
const withOne = setup({ listener: true });
// 20 ms batches: each handle() allocates ~2 KB and keeps its record in the history ring for 1000 handles, so a
// scavenge comes every few ms; at the default 5 ms a batch holds zero or one of them and the samples go bimodal.
const result = await suite(
  'handler: await handler.handle(ctx), default recovery actions',
  { [NONE]: without.run, [ONE]: withOne.run },
  { baseline: NONE, unit: 'handle', perSecond: true, batchMs: 20 },
);

// Nothing may have changed what was measured: breakers must have stayed CLOSED (no short-circuit), nothing slept.
const health = (handler) => {
  const breakers = handler.breakers.all();
  const open = breakers.filter((b) => b.state !== 'CLOSED').map((b) => `${b.name}: ${b.state}`);
  const most = Math.max(...breakers.map((b) => b.failureCount));
  const { totalErrors, mode } = handler.stats();
  return `${totalErrors.toLocaleString('en-US')} handled, ${open.length === 0 ? `breakers all CLOSED (most consecutive failures held: ${most.toLocaleString('en-US')})` : `NOT ALL CLOSED: ${open.join(', ')}`}, history ${handler.history().length}, mode ${mode}`;
};

const extra = result.ns(ONE) - result.ns(NONE);
note(`one listener ÷ none: ${result.ratio(ONE, NONE).toFixed(2)}× (${extra >= 0 ? '+' : '−'}${Math.abs(extra).toFixed(0)} ns/handle, ${(events / sample.contexts.length).toFixed(2)} events/handle delivered)`);
note(`per pass over the 32 contexts: ${[...outcomes].map(([k, n]) => `${n} ${k}`).join(', ')}`);
note(`after the run — ${NONE}: ${health(without.handler)}`);
note(`  ${ONE}: ${health(withOne.handler)}`);
note(`  sleeps requested by recovery: ${sleeps}${sleeps === 0 ? ' (none: no measured path waits)' : ' — SOME PATH SLEPT: the numbers above are not handle()'}`);
note('settings');
note(`  new ErrorHandler({ circuitBreaker: { failureThreshold: 1_000_000 } }, { clock }): defaults otherwise (4 default`);
note('    recovery actions, history 1000, jitter on); the threshold keeps component breakers CLOSED under the');
note('    unrecovered errors (checked above); clock = systemClock() whose sleep() is refused and counted');
note(`  contexts: the 8 warm-set errors of the classification bench × ${COMPONENTS.length} components, pre-built with handler.classify()`);
note('    (not timed here); no cacheKey, so data_fallback never applies; nothing here awaits a delay');
