// A child process for sharedBreakers.fleet.test.ts, bundled by the test with esbuild (Node 20 cannot run
// TypeScript). Real time, real Redis: one bot of a fleet, driven through stdin, with three breakers (one per
// test, so a few processes serve the whole file): `kraken` and `bybit` (3 failures, 60 s recovery) and
// `binance` (3 failures, 800 ms recovery, 2 trials).
// `node child.mjs <url> <keyPrefix>`; prints JSON lines: `{ready, states}` once the fleet state is read,
// `{event: 'state', name, to, reason, source, at}` per transition, `{event: <SharedBreakersEvent type>}`.
// Commands (one a line): `fail <name> <n>` → `{failed, maxMs}` (the longest call); `try-until <name> <epoch ms>`
// → tries a call every 2 ms, holding every admitted one open, then `{admitted}`; `exit`.
import { createInterface } from 'node:readline';
import { BreakerRegistry } from '@breakwater/core';
import { sharedBreakers } from './sharedBreakers.ts';

const [url, keyPrefix] = process.argv.slice(2);
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const registry = new BreakerRegistry({ defaults: { failureThreshold: 3, recoveryTimeoutMs: 60_000 } });
const breakers = [
  registry.get('kraken'),
  registry.get('bybit'),
  registry.get('binance', { recoveryTimeoutMs: 800, halfOpenMaxCalls: 2, maxHalfOpenWaitMs: 10_000 }),
];
registry.onStateChange((e) =>
  say({ event: 'state', name: e.name, to: e.to, reason: e.reason, source: e.source ?? 'local', at: Date.now() }),
);
const shared = sharedBreakers({ url: url!, registry, keyPrefix: keyPrefix!, timeoutMs: 100, syncIntervalMs: 100 });
shared.subscribe((e) => say({ event: e.type }));
await shared.ready;
say({ ready: true, states: Object.fromEntries(breakers.map((b) => [b.name, b.state])) });

const held: unknown[] = [];
for await (const line of createInterface({ input: process.stdin })) {
  const [command, name, arg] = line.split(' ');
  if (command === 'exit') break;
  const breaker = registry.get(name!);
  if (command === 'fail') {
    let maxMs = 0;
    for (let i = 0; i < Number(arg); i++) {
      const started = performance.now();
      await breaker
        .call(async () => {
          throw new Error('exchange down');
        })
        .catch(() => undefined);
      maxMs = Math.max(maxMs, performance.now() - started);
    }
    say({ failed: Number(arg), maxMs });
  } else if (command === 'try-until') {
    let admitted = 0;
    while (Date.now() < Number(arg)) {
      const permit = breaker.tryAcquire();
      if (permit) {
        admitted++;
        held.push(permit); // a trial still running: its slot stays taken
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    say({ admitted });
  }
}
await shared.close();
process.exit(0); // binance's HALF_OPEN wake-up (maxHalfOpenWaitMs) would hold the event loop for seconds
