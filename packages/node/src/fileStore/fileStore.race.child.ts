// A contender for fileStore.race.test.ts, bundled by the test with esbuild like fileStore.child.ts. It serves
// trial after trial, one command a line on stdin: `open <trial> <dir>` opens a store on dir; once open, it
// appends BATCHES batches of records tagged `<name>-t<trial>-<k>` and prints `owner <trial> <acknowledged>`
// (or `lost <trial> <acknowledged> <message>` if an append was refused); if opening is refused it prints
// `refused <trial> <message>`. `close <trial>` closes the store it holds and prints `closed <trial>`.
import { createInterface } from 'node:readline';
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { fileStore, type FileStore } from './fileStore.ts';

const name = process.argv[2]!;
const BATCHES = 4;
const BATCH = 10;
const say = (line: string) => process.stdout.write(`${line}\n`);
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\n/g, ' ');
let held: FileStore | undefined;

async function open(trial: string, dir: string): Promise<void> {
  try {
    held = await fileStore({ dir, fsync: 'never' });
  } catch (error) {
    say(`refused ${trial} ${oneLine(error)}`);
    return;
  }
  let acknowledged = 0;
  try {
    for (let b = 0; b < BATCHES; b++) {
      const records = Array.from({ length: BATCH }, (_, i) =>
        record(acknowledged + i, { id: `${name}-t${trial}-${acknowledged + i}` }),
      );
      await held.append(records);
      acknowledged += BATCH;
    }
  } catch (error) {
    say(`lost ${trial} ${acknowledged} ${oneLine(error)}`);
    return;
  }
  say(`owner ${trial} ${acknowledged}`);
}

async function close(trial: string): Promise<void> {
  const store = held;
  held = undefined;
  await store?.close().catch(() => {}); // a store that lost its lock refuses to close cleanly: that was reported
  say(`closed ${trial}`);
}

say('ready');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, trial, dir] = line.split(' ');
  if (command === 'open') void open(trial!, dir!);
  else if (command === 'close') void close(trial!);
}
