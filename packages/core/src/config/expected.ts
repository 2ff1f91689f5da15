import type { z } from 'zod';

/**
 * Zod error callbacks that read as `expected <what>, got <value>`: one sentence per field whatever check
 * failed (type, integer, range), so a user sees what the key wants instead of zod's generic English.
 */
export function expected(what: string): (issue: z.core.$ZodRawIssue) => string {
  return (issue) => `expected ${what}, got ${describeValue(issue.input)}`;
}

/** A value as a config author would recognise it: YAML terms for collections, quotes around strings. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object' && value !== null) {
    return Object.keys(value).length === 0 ? 'an empty map' : 'a map';
  }
  // numbers (NaN and ±Infinity included, as YAML's .nan and .inf load), booleans, null, bigint
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) {
    return String(value);
  }
  return typeof value;
}
