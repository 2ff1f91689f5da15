import { useSyncExternalStore } from 'react';
import type { DevtoolsState } from '../state/DevtoolsState.ts';
import type { DevtoolsStore } from '../state/DevtoolsStore.ts';

/** The store's state; the component re-renders when (and only when) the store says it changed. */
export function useDevtoolsState(store: DevtoolsStore): DevtoolsState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
