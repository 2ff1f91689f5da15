import { nonNegativeInt, optionError } from '../errors/options.ts';
import { verdictOf } from './categoryDefaults.ts';
import type { ClassificationRule } from './ClassificationRule.ts';
import { ERROR_CATEGORIES, ErrorCategory, type ErrorCategory as Category } from './ErrorCategory.ts';
import type { ErrorFacts } from './ErrorFacts.ts';
import { ERROR_SEVERITIES, ErrorSeverity } from './ErrorSeverity.ts';
import { codeVerdict } from './codeRules.ts';
import { LruCache } from './LruCache.ts';
import { DEFAULT_EXCHANGE_NAMES, compileMessageRules, matchMessage, type MessageRule } from './messageRules.ts';
import { matchName } from './nameRules.ts';
import { readFacts } from './readFacts.ts';
import { statusVerdict } from './statusRules.ts';
import type { Verdict } from './Verdict.ts';
import { wholePhrase } from './wholeWords.ts';

export interface ClassifierOptions {
  /** Names that mark a message as an exchange failure (whole words). Default: common exchanges. */
  exchangeNames?: readonly string[];
  /** Custom rules, tried before the built-ins, in order. */
  rules?: readonly ClassificationRule[];
  /** Distinct messages whose message-rule result is remembered. Default 1000; 0 disables the cache. */
  cacheSize?: number;
  /** Epoch ms, for Retry-After HTTP dates. Default `Date.now`. */
  now?: () => number;
  /**
   * Whether facts carry the (redacted) stack. Default true. Reading `stack` makes the engine format it,
   * which costs more than all the rest of classification (~15-25 µs in Node 20), so a hot path that never
   * shows stacks can turn it off.
   */
  stack?: boolean;
}

export interface Classification {
  category: Category;
  severity: ErrorSeverity;
  retryable: boolean;
  /** A wait the failure asks for (Retry-After, a breaker's remaining open time); only when retryable. */
  retryAfterMs?: number;
  /**
   * Which rule decided: `custom:<name>`, `name:<Class>`, `ccxt:<Class>`, `json:SyntaxError`,
   * `engine:memory`, `status:<n>`, `code:<CODE>`, `fetch:failed`, `message:<id>` or `default`.
   */
  rule: string;
}

interface CompiledRule {
  readonly rule: ClassificationRule;
  readonly message: RegExp | undefined;
  readonly verdict: Verdict;
}

/** Nothing matched: the seed's SYSTEM/MEDIUM, not retryable (a bug does not fix itself). */
const DEFAULT_VERDICT = verdictOf(ErrorCategory.SYSTEM);
/**
 * A body JSON.parse rejects is DATA but retryable: it is nearly always a truncated response or a proxy's
 * HTML error page, both transient; if it persists, the retry budget and the breaker stop it.
 */
const JSON_PARSE: Verdict = verdictOf(ErrorCategory.DATA, ErrorSeverity.MEDIUM, true);
const ENGINE_MEMORY: Verdict = verdictOf(ErrorCategory.MEMORY, ErrorSeverity.CRITICAL, false);
const FETCH_FAILED: Verdict = verdictOf(ErrorCategory.NETWORK, ErrorSeverity.MEDIUM, true);

const MAX_CACHED_MESSAGE = 1024;

/** V8, SpiderMonkey and JavaScriptCore wording for JSON.parse failures. */
const JSON_MESSAGE = /\bJSON\b/i;
/** Engine limits: allocation failures and stack exhaustion. Retrying the same work hits them again. */
const ENGINE_LIMIT = new RegExp(
  'allocation failed|invalid (?:typed )?array length|invalid string length|maximum call stack size exceeded|' +
    'too much recursion|out of memory|allocation size overflow',
  'i',
);
/** fetch's own network failures: undici, Chrome, Firefox, Safari, React Native. */
const FETCH_MESSAGE = new RegExp(
  '^(?:fetch failed|failed to fetch|networkerror when attempting to fetch resource\\.?|load failed|' +
    'network request failed)$',
  'i',
);

function compileRule(rule: ClassificationRule, index: number): CompiledRule {
  const where = `Classifier rules[${index}]`;
  if (typeof rule?.name !== 'string' || rule.name === '')
    throw optionError(where, 'name', 'a non-empty string', rule?.name);
  if (!ERROR_CATEGORIES.includes(rule.category)) {
    throw optionError(`${where} "${rule.name}"`, 'category', `one of ${ERROR_CATEGORIES.join(', ')}`, rule.category);
  }
  if (rule.severity !== undefined && !ERROR_SEVERITIES.includes(rule.severity)) {
    throw optionError(`${where} "${rule.name}"`, 'severity', `one of ${ERROR_SEVERITIES.join(', ')}`, rule.severity);
  }
  if (rule.retryable !== undefined && typeof rule.retryable !== 'boolean') {
    throw optionError(`${where} "${rule.name}"`, 'retryable', 'a boolean', rule.retryable);
  }
  const pattern = rule.match?.message;
  // A global or sticky RegExp would carry lastIndex from one test to the next.
  const message =
    pattern === undefined
      ? undefined
      : typeof pattern === 'string'
        ? wholePhrase(pattern)
        : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return { rule, message, verdict: verdictOf(rule.category, rule.severity, rule.retryable) };
}

function anyCode(facts: ErrorFacts, codes: readonly string[]): boolean {
  if (facts.code !== undefined && codes.includes(facts.code)) return true;
  return facts.causes.some((cause) => cause.code !== undefined && codes.includes(cause.code));
}

function firstStatus(facts: ErrorFacts): number | undefined {
  return facts.status ?? facts.causes.find((cause) => cause.status !== undefined)?.status;
}

function matches(compiled: CompiledRule, facts: ErrorFacts): boolean {
  const { names, codes, statuses, test } = compiled.rule.match ?? {};
  if (names !== undefined && !facts.names.some((name) => names.includes(name))) return false;
  if (codes !== undefined && !anyCode(facts, codes)) return false;
  if (statuses !== undefined) {
    const status = firstStatus(facts);
    if (status === undefined || !statuses.includes(status)) return false;
  }
  if (compiled.message !== undefined && !compiled.message.test(facts.message)) return false;
  if (test === undefined) return true;
  try {
    return test(facts) === true;
  } catch {
    return false; // a broken rule must not turn one failure into two
  }
}

/** The class-name, status and code rules for one link of the chain (the error or one of its causes). */
function structural(facts: ErrorFacts): [rule: string, verdict: Verdict] | undefined {
  const named = matchName(facts.names);
  if (named !== undefined) return [named.rule, named];
  if (facts.names.includes('SyntaxError') && JSON_MESSAGE.test(facts.message)) return ['json:SyntaxError', JSON_PARSE];
  if (
    (facts.names.includes('RangeError') || facts.names.includes('InternalError')) &&
    ENGINE_LIMIT.test(facts.message)
  ) {
    return ['engine:memory', ENGINE_MEMORY];
  }
  if (facts.status !== undefined) {
    const verdict = statusVerdict(facts.status);
    if (verdict !== undefined) return [`status:${facts.status}`, verdict];
  }
  if (facts.code !== undefined) {
    const verdict = codeVerdict(facts.code);
    if (verdict !== undefined) return [`code:${facts.code}`, verdict];
  }
  return undefined;
}

/**
 * Decides category, severity and retryability of any thrown value, structure first:
 * 1. custom rules, in registration order;
 * 2. class names (ccxt's hierarchy, TimeoutError, AbortError, CircuitOpenError, ZodError), JSON.parse's
 *    SyntaxError, engine memory limits, HTTP status, error codes — on the error, then on each cause;
 * 3. fetch's generic network failure (`TypeError: fetch failed`) when no cause said more;
 * 4. the seed's message rules on whole words, on the error's message, then each cause's;
 * 5. SYSTEM/MEDIUM, not retryable.
 * Message-rule results are cached per distinct message in a bounded LRU.
 */
export class Classifier {
  readonly #customRules: CompiledRule[] = [];
  readonly #messageRules: readonly MessageRule[];
  readonly #cache: LruCache<string, MessageRule | null>;
  readonly #now: () => number;
  readonly #stack: boolean;

  constructor(options: ClassifierOptions = {}) {
    const exchangeNames = options.exchangeNames ?? DEFAULT_EXCHANGE_NAMES;
    if (!Array.isArray(exchangeNames) || exchangeNames.some((name) => typeof name !== 'string' || name.trim() === '')) {
      throw optionError('Classifier', 'exchangeNames', 'an array of non-empty strings', exchangeNames);
    }
    this.#messageRules = compileMessageRules(exchangeNames);
    this.#cache = new LruCache(nonNegativeInt('Classifier', 'cacheSize', options.cacheSize ?? 1000));
    this.#now = options.now ?? Date.now;
    this.#stack = options.stack ?? true;
    for (const rule of options.rules ?? []) this.addRule(rule);
  }

  /** Custom rules run before the built-ins, in registration order. */
  addRule(rule: ClassificationRule): void {
    this.#customRules.push(compileRule(rule, this.#customRules.length));
  }

  /** Distinct messages currently in the message-rule cache (never more than `cacheSize`). */
  get cachedMessages(): number {
    return this.#cache.size;
  }

  /** A structural read-out of any thrown value; message and stack are redacted. */
  facts(error: unknown): ErrorFacts {
    return readFacts(error, this.#now, this.#stack);
  }

  classify(error: unknown): { facts: ErrorFacts; classification: Classification } {
    const facts = this.facts(error);
    return { facts, classification: this.classifyFacts(facts) };
  }

  /** Classification of facts already read (e.g. by `facts()`). */
  classifyFacts(facts: ErrorFacts): Classification {
    for (const compiled of this.#customRules) {
      if (matches(compiled, facts)) return this.#decide(`custom:${compiled.rule.name}`, compiled.verdict, facts);
    }
    const own = structural(facts);
    if (own !== undefined) return this.#decide(own[0], own[1], facts);
    for (const cause of facts.causes) {
      const found = structural(cause);
      if (found !== undefined) return this.#decide(found[0], found[1], facts);
    }
    if (facts.names.includes('TypeError') && FETCH_MESSAGE.test(facts.message)) {
      return this.#decide('fetch:failed', FETCH_FAILED, facts);
    }
    const byMessage = this.#matchMessage(facts.message) ?? this.#matchCauseMessages(facts);
    if (byMessage !== undefined) return this.#decide(byMessage.rule, byMessage.verdict, facts);
    return this.#decide('default', DEFAULT_VERDICT, facts);
  }

  #matchCauseMessages(facts: ErrorFacts): MessageRule | undefined {
    for (const cause of facts.causes) {
      const found = this.#matchMessage(cause.message);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  #matchMessage(message: string): MessageRule | undefined {
    if (message === '') return undefined;
    // Long messages (HTML error pages) are matched but not kept: the cache stays small in bytes too.
    if (message.length > MAX_CACHED_MESSAGE) return matchMessage(this.#messageRules, message);
    const cached = this.#cache.get(message);
    if (cached !== undefined) return cached ?? undefined;
    const found = matchMessage(this.#messageRules, message);
    this.#cache.set(message, found ?? null);
    return found;
  }

  /** Adds the wait the failure asks for (the error's own, else the nearest cause's). */
  #decide(rule: string, verdict: Verdict, facts: ErrorFacts): Classification {
    const retryAfterMs = facts.retryAfterMs ?? facts.causes.find((c) => c.retryAfterMs !== undefined)?.retryAfterMs;
    const retryable = verdict.retryable && (verdict.retryAfterRequired !== true || retryAfterMs !== undefined);
    const classification: Classification = { category: verdict.category, severity: verdict.severity, retryable, rule };
    if (retryable && retryAfterMs !== undefined) classification.retryAfterMs = retryAfterMs;
    return classification;
  }
}
