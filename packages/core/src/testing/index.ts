// @breakwater/core/testing — deterministic time and randomness for tests, simulators and reproducible chaos.
// Kept off the root entry: production code takes a `Clock` and a `Random` and never needs these.

export { ManualClock } from '../time/ManualClock.ts';
export { seededRandom } from '../time/seededRandom.ts';
