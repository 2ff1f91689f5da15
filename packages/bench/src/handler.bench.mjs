// `handle()` throughput: `await handler.handle(ctx)` on contexts classified beforehand, with the default
// recovery actions, with no listener and with one (a no-op `handler.subscribe(() => {})`: what building and
// delivering the events costs). Then whether its cost stays flat as components grow from 20 to 100k (past
// `maxTrackedKeys`, where component breakers are dropped or shared), and as the history fills.

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
  const breakerHealth =
    open.length === 0
      ? `breakers all CLOSED (most consecutive failures held: ${most.toLocaleString('en-US')})`
      : `NOT ALL CLOSED: ${open.join(', ')}`;
  const handled = totalErrors.toLocaleString('en-US');
  return `${handled} handled, ${breakerHealth}, history ${handler.history().length}, mode ${mode}`;
};

const extra = result.ns(ONE) - result.ns(NONE);
note(
  `one listener ÷ none: ${result.ratio(ONE, NONE).toFixed(2)}× ` +
    `(${extra >= 0 ? '+' : '−'}${Math.abs(extra).toFixed(0)} ns/handle, ` +
    `${(events / sample.contexts.length).toFixed(2)} events/handle delivered)`,
);
note(`per pass over the 32 contexts: ${[...outcomes].map(([k, n]) => `${n} ${k}`).join(', ')}`);
note(`after the run — ${NONE}: ${health(without.handler)}`);
note(`  ${ONE}: ${health(withOne.handler)}`);
note(
  `  sleeps requested by recovery: ${sleeps}` +
    (sleeps === 0 ? ' (none: no measured path waits)' : ' — SOME PATH SLEPT: the numbers above are not handle()'),
);
note('settings');
note(
  `  new ErrorHandler({ circuitBreaker: { failureThreshold: 1_000_000 } }, { clock }): defaults otherwise (4 default`,
);
note('    recovery actions, history 1000, jitter on); the threshold keeps component breakers CLOSED under the');
note('    unrecovered errors (checked above); clock = systemClock() whose sleep() is refused and counted');
note(
  `  contexts: the 8 warm-set errors of the classification bench × ${COMPONENTS.length} components, ` +
    'pre-built with handler.classify()',
);
note('    (not timed here); no cacheKey, so data_fallback never applies; nothing here awaits a delay');

// --- Flat in the number of components ---------------------------------------------------------------------
// maxTrackedKeys stays at its default (1000), as users run it: past 1k components the registry is full, and
// every handle() of a component without a breaker looks for an idle one to drop. The contexts are the ones no
// default action recovers, so every component's breaker holds failures (CLOSED: threshold 1G) and none can be
// dropped: components past the bound share the overflow breaker, the case that used to scan every breaker. A
// maxTrackedKeys above the component count would never look for one, so it would not measure that path.
// A last row mixes in recovered errors: breakers that stay idle are then dropped and made again as components
// take turns, which costs a breaker's creation per handle (not a search).

const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));

/**
 * The contexts of `base` spread over `n` components, cycled in order: handle j gets the (j mod |base|)th context
 * with component j mod n, so every row sees the same mix of errors and every component all of them.
 */
function spreadOver(base, n) {
  const length = (n * base.length) / gcd(n, base.length);
  return Array.from({ length }, (_, j) => ({ ...base[j % base.length], component: `c${j % n}` }));
}

// The overflow breaker takes the failures of every component past the bound: millions over a run.
const MANY = { circuitBreaker: { failureThreshold: 1_000_000 } }; // the largest the config accepts

async function manyComponents(n, { mixed = false } = {}) {
  const handler = new ErrorHandler(MANY, { clock });
  const all = contextsOf(handler);
  const contexts = spreadOver(mixed ? all : all.filter((_, k) => unrecovered.has(k)), n);
  // One untimed pass: every component has been seen, the registry and the counters are full.
  for (const ctx of contexts) await handler.handle(ctx);
  let i = 0;
  return {
    handler,
    // Untimed, before each batch: a long run on a fast machine can bring the shared overflow breaker to the
    // threshold, and an OPEN breaker would skip the work being measured. Reset it halfway there.
    prepare: () => {
      for (const b of handler.breakers.all()) if (b.failureCount > MANY.circuitBreaker.failureThreshold / 2) b.reset();
    },
    run: () => {
      const ctx = contexts[i++];
      if (i === contexts.length) i = 0;
      return handler.handle(ctx);
    },
  };
}

// Which of the 32 contexts no action recovers, as the sample pass above found (on a handler of its own).
const unrecovered = new Set();
{
  const probe = setup({ listener: false });
  for (const [k, ctx] of probe.contexts.entries()) if (!(await probe.handler.handle(ctx)).recovered) unrecovered.add(k);
}

const C20 = '20 components';
const C1K = '1k components';
const C100K = '100k components';
const CHURN = '1k components, recovered errors mixed in';
const byCount = {
  [C20]: await manyComponents(20),
  [C1K]: await manyComponents(1_000),
  [C100K]: await manyComponents(100_000),
  [CHURN]: await manyComponents(1_000, { mixed: true }),
};
const components = await suite(
  'handler: await handler.handle(ctx) of unrecovered errors, by number of components ' +
    '(maxTrackedKeys 1000, the default)',
  Object.fromEntries(Object.entries(byCount).map(([name, { prepare, run }]) => [name, { prepare, run }])),
  { baseline: C20, unit: 'handle', perSecond: true, batchMs: 20 },
);
note(
  `100k ÷ 20 components: ${components.ratio(C100K).toFixed(2)}×, 1k ÷ 20: ${components.ratio(C1K).toFixed(2)}× ` +
    '(target: flat, ≤ 1.3×; before the O(1) search 100k was 13×)',
);
for (const [name, { handler }] of Object.entries(byCount)) {
  const counted = Object.keys(handler.stats().errorCounts).length;
  note(
    `  ${name}: ${handler.breakers.size} breakers${handler.breakers.has('(other)') ? ' (overflow shared)' : ''}, ` +
      `${counted} components counted by name; ${health(handler)}`,
  );
}
note(
  `  contexts: the ${unrecovered.size} of the 32 that no default action recovers (the last row: all 32), ` +
    'spread over the components in turn',
);

// --- Flat in how full the history is ------------------------------------------------------------------------
// historySize 100k: "empty" is a fresh handler for every batch (untimed), whose ring never fills within one
// (a batch holds ~10k handles, an allocation sample 65,536); "full" is one handler whose ring was filled first and
// whose every push overwrites the oldest record.

const HISTORY = { ...CONFIG, historySize: 100_000 };
let fresh;
const empty = {
  prepare: () => {
    const handler = new ErrorHandler(HISTORY, { clock });
    fresh = { handler, contexts: contextsOf(handler), i: 0 };
  },
  run: () => fresh.handler.handle(fresh.contexts[fresh.i++ & 31]),
};
const full = (() => {
  const handler = new ErrorHandler(HISTORY, { clock });
  const contexts = contextsOf(handler);
  let i = 0;
  return { handler, run: () => handler.handle(contexts[i++ & 31]) };
})();
for (let k = 0; k < HISTORY.historySize; k++) await full.run();

const H0 = 'history empty';
const HF = 'history full (100k records)';
const history = await suite(
  'handler: await handler.handle(ctx) by history fill (historySize 100k)',
  { [H0]: empty, [HF]: full.run },
  { baseline: H0, unit: 'handle', perSecond: true, batchMs: 20 },
);
note(
  `full ÷ empty: ${history.ratio(HF).toFixed(2)}× (target: flat, ≤ 1.3×); ` +
    `after the run — full: ${health(full.handler)}`,
);
