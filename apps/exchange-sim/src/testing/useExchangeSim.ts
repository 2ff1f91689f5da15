import { afterEach } from 'vitest';
import { ExchangeClient, type ExchangeClientOptions } from '../client/ExchangeClient.ts';
import type { ExchangeSimOptions } from '../ExchangeSimOptions.ts';
import { startExchangeSim, type ExchangeSim } from '../startExchangeSim.ts';

/** Starts simulators (seed 1 unless given) that are closed after each test, each with a client. */
export function useExchangeSim(): (
  options?: ExchangeSimOptions,
  clientOptions?: ExchangeClientOptions,
) => Promise<{ sim: ExchangeSim; client: ExchangeClient }> {
  const sims: ExchangeSim[] = [];
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((sim) => sim.close()));
  });
  return async (options = {}, clientOptions = {}) => {
    const sim = await startExchangeSim({ seed: 1, ...options });
    sims.push(sim);
    return { sim, client: new ExchangeClient(sim.url, { timeoutMs: 2000, ...clientOptions }) };
  };
}

/** The value a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
