// A child process for fileStore.kill.test.ts, bundled by the test with esbuild (Node 20 cannot run TypeScript).
// `append <dir> <maxFileBytes> <batchSize>`: appends batches of the contract's records r0, r1, … forever,
// printing `writing <n>` once a batch is handed to the store (encoded, its write about to start), `appended <n>`
// after each append resolves and `flushed <n>` after each completed flush (n = records acknowledged so far),
// until the parent kills it. `hold <dir>`: opens the store, prints `ready`, waits.
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { fileStore } from './fileStore.ts';

const [mode, dir, maxFileBytes, batchSize] = process.argv.slice(2);
const BATCH = Number(batchSize ?? 200);

const store = await fileStore({ dir: dir!, fsync: 'batch', maxFileBytes: Number(maxFileBytes ?? 16 * 1024 * 1024) });
const say = (line: string) => process.stdout.write(`${line}\n`);

if (mode === 'hold') {
  say('ready');
  setInterval(() => {}, 60_000);
} else {
  // ~450 bytes a record: a batch of 200 is one write of ~90 KB.
  const padding = 'x'.repeat(200);
  let n = 0;
  for (let batch = 0; ; batch++) {
    const records = Array.from({ length: BATCH }, (_, k) =>
      record(n + k, { message: `failure number ${n + k} ${padding}` }),
    );
    const appending = store.append(records);
    say(`writing ${n + BATCH}`);
    await appending;
    n += BATCH;
    say(`appended ${n}`);
    if (batch % 3 === 2) {
      await store.flush();
      say(`flushed ${n}`);
    }
  }
}
