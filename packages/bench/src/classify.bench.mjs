// Classification throughput: errors/s through `Classifier#classify` (facts + verdict) and through
// `ErrorHandler#classify` (the full, redacted ErrorContext with fingerprint), on errors seen before (warm
// message cache, stacks already formatted) and on errors never seen before (every message new, every stack
// still unformatted). The errors are made before timing (`prepare`), so their creation is not measured.

import { Classifier, ErrorHandler, systemClock } from '@breakwater/core';
import { realisticErrors, uniqueErrors } from './fixtures.mjs';
import { note, suite } from './harness.mjs';

const warm = realisticErrors();
const WARM = warm.length; // 8: a power of two, so `i & (WARM - 1)` cycles them
if ((WARM & (WARM - 1)) !== 0) throw new Error('classify bench: the warm set must have a power-of-two size');
const warmErrors = warm.map((w) => w.error);

// One classifier (or handler) per case: they must not share a message cache (unique messages would evict the
// warm ones) or any other state.
const classifiers = {
  warmStack: new Classifier(),
  warmNoStack: new Classifier({ stack: false }),
  uniqueStack: new Classifier(),
  uniqueNoStack: new Classifier({ stack: false }),
};
const handlerWarm = new ErrorHandler({}, { clock: systemClock() });
const handlerUnique = new ErrorHandler({}, { clock: systemClock() });
const METADATA = { symbol: 'BTC/USD' };

// The defaults this bench describes, checked rather than assumed.
const probe = warmErrors[4];
if (new Classifier().classify(probe).facts.stack === undefined)
  throw new Error('classify bench: new Classifier() no longer reads the stack by default: update the notes');
if (new Classifier({ stack: false }).classify(probe).facts.stack !== undefined)
  throw new Error('classify bench: { stack: false } still reads the stack');
if (new ErrorHandler({}, { clock: systemClock() }).classify(probe, 'op', 'c').stack === undefined)
  throw new Error('classify bench: ErrorHandler#classify no longer reads the stack: update the notes');

/** Cycles the warm set. */
function cycling(classify) {
  let i = 0;
  return () => classify(warmErrors[i++ & (WARM - 1)]);
}

/** Consumes fresh errors; `prepare` makes as many as the next batch will use. */
function unique(classify) {
  let pool = [];
  let i = 0;
  return {
    prepare: (calls) => {
      pool = uniqueErrors(calls);
      i = 0;
    },
    run: () => classify(pool[i++]),
  };
}

const WARM_STACK = 'warm: 8 errors cycled, new Classifier()';
const WARM_NO_STACK = 'warm: 8 errors cycled, Classifier({ stack: false })';
const UNIQUE_STACK = 'unique messages, new Classifier() (stack read)';
const UNIQUE_NO_STACK = 'unique messages, Classifier({ stack: false })';
const FULL_WARM = 'full context: handler.classify(), 8 errors cycled';
const FULL_UNIQUE = 'full context: handler.classify(), unique messages';

const result = await suite(
  'classification: one error → classification',
  {
    [WARM_STACK]: cycling((e) => classifiers.warmStack.classify(e)),
    [WARM_NO_STACK]: cycling((e) => classifiers.warmNoStack.classify(e)),
    [UNIQUE_STACK]: unique((e) => classifiers.uniqueStack.classify(e)),
    [UNIQUE_NO_STACK]: unique((e) => classifiers.uniqueNoStack.classify(e)),
    [FULL_WARM]: cycling((e) => handlerWarm.classify(e, 'fetch_ticker', 'kraken', METADATA)),
    [FULL_UNIQUE]: unique((e) => handlerUnique.classify(e, 'fetch_ticker', 'kraken', METADATA)),
  },
  // 16 384 calls per allocation sample: a unique-message case formats that many fresh stacks per sample.
  { baseline: WARM_STACK, unit: 'error', perSecond: true, allocationCalls: 16_384 },
);

const ns = (name) => result.ns(name);
const us = (value) => `${(value / 1000).toFixed(1)} µs`;
note('what decides (warm set, new Classifier()):');
const check = new Classifier();
for (const { label, error } of warm) {
  const { category, retryable, rule } = check.classify(error).classification;
  note(`  ${label.padEnd(48)} → ${rule} (${category}${retryable ? ', retryable' : ''})`);
}
const stackCost = { unique: ns(UNIQUE_STACK) - ns(UNIQUE_NO_STACK), warm: ns(WARM_STACK) - ns(WARM_NO_STACK) };
const stackChars = Math.round(warmErrors.reduce((sum, e) => sum + e.stack.length, 0) / WARM);
note('stacks: V8 formats an Error\'s `stack` lazily, on its first read (frames → "at fn (file:line:col)" text).');
note('  Classification reads it by default (ClassifierOptions.stack: true; ErrorHandler#classify always: its config');
note('  has no switch) and redacts it into facts.stack. Stack read vs { stack: false }:');
note(
  `  unique +${us(stackCost.unique)}/error (${result.ratio(UNIQUE_STACK, UNIQUE_NO_STACK).toFixed(2)}×), ` +
    `warm +${us(stackCost.warm)}/error (${result.ratio(WARM_STACK, WARM_NO_STACK).toFixed(2)}×). Warm stacks were`,
);
note(`  formatted before timing, so their extra is redactText over the cached text (${stackChars} chars on average);`);
note(`  unique errors pay that plus the formatting itself: ~${us(stackCost.unique - stackCost.warm)}/error.`);
note(`message cache: unique messages (cache misses, every message rule tried) vs warm, both without stack:`);
note(
  `  ${result.ratio(UNIQUE_NO_STACK, WARM_NO_STACK).toFixed(2)}× ` +
    `(${us(ns(UNIQUE_NO_STACK))} vs ${us(ns(WARM_NO_STACK))}); ` +
    `cache after the run: ${classifiers.uniqueNoStack.cachedMessages} messages (bound 1000)`,
);
note(
  'full context over classification (same errors, both reading stacks): ' +
    `warm ${result.ratio(FULL_WARM, WARM_STACK).toFixed(2)}×, ` +
    `unique ${result.ratio(FULL_UNIQUE, UNIQUE_STACK).toFixed(2)}×`,
);
note('settings');
note('  warm: 8 errors (listed above) made once at full stack depth, stacks formatted during the check/warm-up;');
note('  unique: plain Errors "order <n> failed: …" in 4 wordings (2 hit a message rule, 2 none), a fresh batch');
note('    made untimed before every batch (harness `prepare`), 10-frame stacks never read before;');
note("  full context: handler.classify(error, 'fetch_ticker', 'kraken', { symbol: 'BTC/USD' }): classification,");
note('    fingerprint (normalised message hash) and redacted metadata; ErrorHandler({}) defaults, systemClock()');
