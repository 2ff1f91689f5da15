import { positiveInt } from '../errors/options.ts';
import type { SlidingWindow } from './SlidingWindow.ts';

/** The last `size` calls, in a fixed ring (no allocation per call). */
export class CountWindow implements SlidingWindow {
  readonly size: number;
  readonly #ring: Uint8Array;
  #next = 0;
  #total = 0;
  #flagged = 0;

  constructor(size: number) {
    this.size = positiveInt('CountWindow', 'size', size);
    this.#ring = new Uint8Array(size);
  }

  add(_at: number, flagged: boolean): void {
    if (this.#total === this.size) this.#flagged -= this.#ring[this.#next]!;
    else this.#total++;
    const bit = flagged ? 1 : 0;
    this.#ring[this.#next] = bit;
    this.#flagged += bit;
    this.#next = (this.#next + 1) % this.size;
  }

  total(): number {
    return this.#total;
  }

  flagged(): number {
    return this.#flagged;
  }

  reset(): void {
    this.#ring.fill(0);
    this.#next = this.#total = this.#flagged = 0;
  }
}
