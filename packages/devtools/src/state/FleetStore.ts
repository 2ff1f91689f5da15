import type { DevtoolsCommand } from '@breakwater/core';
import type { DevtoolsSource } from '../sources/DevtoolsSource.ts';
import type { DevtoolsState } from './DevtoolsState.ts';
import { DevtoolsStore, type DevtoolsStoreOptions } from './DevtoolsStore.ts';
import { mergeFleet, type FleetMember, type MergedFleet } from './mergeFleet.ts';

/** One process of the fleet: where its messages come from, and what to call it until it names itself. */
export interface FleetSource {
  source: DevtoolsSource;
  /** Shown until the process's snapshot gives its name (e.g. `127.0.0.1:5002`). */
  label: string;
}

/** What the fleet panel shows: every process on its own, and all of them merged. */
export interface FleetSnapshot {
  /** In the order the sources were given; names unique (a repeated one gets ` #2`). */
  processes: readonly FleetMember[];
  all: MergedFleet;
}

/** Which part of the fleet a command is meant for: every process (`all`) or one, by index. */
export type FleetTarget = 'all' | number;

/**
 * Several processes watched at once: one `DevtoolsStore` per source (each validates and applies its own stream,
 * with its own sequence numbers), merged on read. Commands from the merged view go to the process that owns
 * the breaker; a mode switch there goes to every process.
 */
export class FleetStore {
  readonly stores: readonly DevtoolsStore[];
  readonly #sources: readonly FleetSource[];
  #states: readonly DevtoolsState[] = [];
  #snapshot: FleetSnapshot | undefined;

  constructor(sources: readonly FleetSource[], options: DevtoolsStoreOptions = {}) {
    if (sources.length === 0) throw new RangeError('FleetStore: sources must name at least one process, got none');
    this.#sources = sources;
    this.stores = sources.map(() => new DevtoolsStore(options));
  }

  /** The same object until some process's state changed. */
  getSnapshot = (): FleetSnapshot => {
    const states = this.stores.map((s) => s.getSnapshot());
    if (this.#snapshot !== undefined && states.every((s, i) => s === this.#states[i])) return this.#snapshot;
    this.#states = states;
    const seen = new Map<string, number>();
    const processes = states.map((state, i) => {
      const name = state.process ?? this.#sources[i]!.label;
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      return { process: n === 1 ? name : `${name} #${n}`, state };
    });
    const store = this.stores[0]!;
    this.#snapshot = { processes, all: mergeFleet(processes, store.limits, store.clock.now()) };
    return this.#snapshot;
  };

  subscribe = (listener: () => void): (() => void) => {
    const stops = this.stores.map((s) => s.subscribe(listener));
    return () => {
      for (const stop of stops) stop();
    };
  };

  /** Feeds every store from its source until the returned function is called. */
  connect(): () => void {
    const stops = this.stores.map((store, i) => store.connect(this.#sources[i]!.source));
    return () => {
      for (const stop of stops) stop();
    };
  }

  /** Sends `command` where `target` says; a refusal is reported in the state of the process that refused. */
  command(target: FleetTarget, command: DevtoolsCommand): void {
    for (const store of this.stores) store.clearCommandFailure();
    for (const [member, routed] of this.#route(target, command)) {
      const { source } = this.#sources[member]!;
      source.command(routed).catch((error: unknown) => this.stores[member]!.reportCommandFailure(routed, error));
    }
  }

  clearCommandFailures(): void {
    for (const store of this.stores) store.clearCommandFailure();
  }

  #route(target: FleetTarget, command: DevtoolsCommand): Array<[number, DevtoolsCommand]> {
    if (target !== 'all') return [[target, command]];
    // The trading mode (and its release) and chaos switches are the fleet's: every process gets them.
    if (command.type === 'mode.set' || command.type === 'mode.release' || command.type === 'chaos.set')
      return this.stores.map((_, i) => [i, command]);
    const owner = this.getSnapshot().all.breakerOwners.get(command.name);
    if (owner === undefined) {
      this.stores[0]!.reportCommandFailure(
        command,
        new Error(`no process has a breaker shown as ${JSON.stringify(command.name)}`),
      );
      return [];
    }
    return [[owner.member, { ...command, name: owner.name }]];
  }
}
