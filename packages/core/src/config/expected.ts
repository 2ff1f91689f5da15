import type { z } from 'zod';
import { describeValue } from '../errors/describeValue.ts';

/**
 * Zod error callbacks that read as `expected <what>, got <value>`: one sentence per field whatever check
 * failed (type, integer, range), so a user sees what the key wants instead of zod's generic English.
 */
export function expected(what: string): (issue: z.core.$ZodRawIssue) => string {
  return (issue) => `expected ${what}, got ${describeValue(issue.input)}`;
}
