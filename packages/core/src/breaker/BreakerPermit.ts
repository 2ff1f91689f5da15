/**
 * One admitted call that the caller runs itself (see `tryAcquire`). Report exactly one outcome: the first
 * report counts, later ones are ignored, so a permit can never free a HALF_OPEN slot twice.
 */
export interface BreakerPermit {
  success(): void;
  failure(): void;
  /** Ends the call with no verdict (like an error `isFailure` rejects): frees its slot, counts nothing. */
  release(): void;
}
