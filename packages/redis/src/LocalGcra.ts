/** The GCRA of `acquireScript`, in this process only: the budget a shared limit falls back to without Redis. */
export class LocalGcra {
  readonly #intervalMs: number;
  readonly #burst: number;
  #tat = 0;
  #pausedUntil = 0;

  constructor(intervalMs: number, burst: number) {
    this.#intervalMs = intervalMs;
    this.#burst = burst;
  }

  /** 0 when allowed (and counted), else the ms until it would be. */
  take(now: number): number {
    if (this.#pausedUntil > now) return this.#pausedUntil - now;
    const next = Math.max(this.#tat, now) + this.#intervalMs;
    const allowAt = next - this.#burst * this.#intervalMs;
    if (allowAt > now) return allowAt - now;
    this.#tat = next;
    return 0;
  }

  pause(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }
}
