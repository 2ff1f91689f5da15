// Drives a store with recorded messages, on a panel clock of its own, telling listeners at once.
import { ManualClock } from '@breakwater/core/testing';
import { DevtoolsStore } from '../state/DevtoolsStore.ts';
import type { Recording } from './recordKrakenOutage.ts';

export function replay(messages: readonly unknown[], now: number): { store: DevtoolsStore; clock: ManualClock } {
  const clock = new ManualClock(now);
  const store = new DevtoolsStore({ clock, schedule: (flush) => flush() });
  for (const message of messages) store.receive(message);
  return { store, clock };
}

/** The recording replayed up to its last message, with the panel's clock at that message's time. */
export function replayRecording(recording: Recording): { store: DevtoolsStore; clock: ManualClock } {
  const last = recording.messages[recording.messages.length - 1]!;
  return replay(recording.messages, last.at);
}
