// A child process for sharedRateLimit.fleet.test.ts, bundled by the test with esbuild (Node 20 cannot run
// TypeScript). Real time, real Redis: one bot of a fleet.
// `hammer <url> <key> <durationMs>`: prints `ready`, reads the epoch ms to start at from stdin (the test sends it
// once every child is ready, so a slow start cannot eat the window), waits until then, acquires as fast as it can
// for `durationMs`, printing one JSON line `{"allowed":[epoch ms…],"denied":n}`.
// `pause <url> <key> <ms>`: pauses the account and exits. `probe <url> <key>`: prints one acquire() as JSON.
import { sharedRateLimit } from './sharedRateLimit.ts';

const [mode, url, key, a] = process.argv.slice(2);
const limit = sharedRateLimit({ url: url!, key: key!, ratePerSecond: 20, burst: 5, timeoutMs: 1000 });
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

if (mode === 'hammer') {
  process.stdout.write('ready\n');
  const startAt = Number(
    await new Promise<string>((resolve) => {
      let input = '';
      process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
        input += chunk;
        if (input.includes('\n')) resolve(input.trim());
      });
    }),
  );
  process.stdin.pause();
  const end = startAt + Number(a);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const allowed: number[] = [];
  let denied = 0;
  while (Date.now() < end) {
    const at = Date.now();
    const r = await limit.acquire();
    if (r.source !== 'redis') throw new Error('Redis did not answer');
    if (r.allowed) allowed.push(at);
    else {
      denied++;
      await new Promise((resolve) => setTimeout(resolve, Math.min(r.retryAfterMs, 5)));
    }
  }
  say({ allowed, denied });
} else if (mode === 'pause') {
  await limit.pause(Number(a));
  say({ paused: Number(a) });
} else {
  say(await limit.acquire());
}
await limit.close();
