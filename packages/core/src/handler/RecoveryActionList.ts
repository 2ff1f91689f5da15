import { optionError } from '../errors/options.ts';
import type { ResolvedConfig } from './defaultConfig.ts';
import { defaultRecoveryActions } from './recovery/defaultRecoveryActions.ts';
import type { RecoveryAction } from './RecoveryAction.ts';

/** Checked where actions come in: a NaN priority would scramble the order, a non-function fail late. */
function checkAction(action: RecoveryAction): void {
  const where = 'ErrorHandler.addRecoveryAction';
  if (typeof action?.name !== 'string' || action.name === '')
    throw optionError(where, 'name', 'a non-empty string', action?.name);
  const named = `${where} "${action.name}"`;
  if (typeof action.priority !== 'number' || !Number.isFinite(action.priority))
    throw optionError(named, 'priority', 'a finite number', action.priority);
  if (!Array.isArray(action.conditions) || action.conditions.some((c) => typeof c !== 'function')) {
    throw optionError(named, 'conditions', 'an array of functions', action.conditions);
  }
  if (typeof action.action !== 'function') throw optionError(named, 'action', 'a function', action.action);
}

/**
 * The handler's recovery actions in the order they are tried: the defaults (rebuilt from the config, minus
 * those removed) or the actions given instead of them, then those added, sorted by priority (stable).
 */
export class RecoveryActionList {
  #base: readonly RecoveryAction[] = [];
  readonly #added: RecoveryAction[] = [];
  #sorted: RecoveryAction[] = [];
  readonly #replaceDefaults: boolean;
  readonly #removedDefaults = new Set<string>();

  /** `given` replaces the defaults for good (the config's `recovery_actions` then tunes nothing). */
  constructor(given?: readonly RecoveryAction[]) {
    this.#replaceDefaults = given !== undefined;
    if (given) {
      given.forEach(checkAction);
      this.#base = [...given];
    }
  }

  get all(): readonly RecoveryAction[] {
    return this.#sorted;
  }

  /** Rebuilds the defaults from `config` (unless replaced); a removed default stays removed. */
  configure(config: ResolvedConfig): void {
    if (!this.#replaceDefaults)
      this.#base = defaultRecoveryActions(config).filter((a) => !this.#removedDefaults.has(a.name));
    this.#sort();
  }

  add(action: RecoveryAction): void {
    checkAction(action);
    if (this.#sorted.some((a) => a.name === action.name)) {
      throw new Error(`ErrorHandler.addRecoveryAction: an action named "${action.name}" already exists`);
    }
    this.#added.push(action);
    this.#sort();
  }

  /** Removes an action (a default one too); returns whether it existed. */
  remove(name: string): boolean {
    const had = this.#sorted.some((a) => a.name === name);
    const i = this.#added.findIndex((a) => a.name === name);
    if (i >= 0) this.#added.splice(i, 1);
    if (this.#base.some((a) => a.name === name)) this.#removedDefaults.add(name);
    this.#base = this.#base.filter((a) => a.name !== name);
    this.#sort();
    return had;
  }

  #sort(): void {
    // Array#sort is stable: equal priorities keep defaults first, then additions in order.
    this.#sorted = [...this.#base, ...this.#added].sort((a, b) => b.priority - a.priority);
  }
}
