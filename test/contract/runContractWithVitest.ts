// Registers the history-store contract as vitest tests for one driver.
import { describe, it } from 'vitest';
import { historyStoreContract, type ContractTarget } from './historyStoreContract.ts';

export function runContractWithVitest(driverName: string, target: ContractTarget): void {
  describe(`HistoryStore contract: ${driverName}`, () => {
    for (const c of historyStoreContract) it(c.name, () => c.run(target));
  });
}
