import { hasBrand } from '../errors/brand.ts';

const brand = 'breakwater.ProtocolError';

/** A devtools message or command that fails its schema; `issues` say where (`events.3.at: expected number`). */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly [brand] = true;
  readonly issues: string[];

  constructor(what: string, issues: string[]) {
    super(`Invalid devtools ${what}: ${issues.join('; ')}`);
    this.issues = issues;
  }
}

export function isProtocolError(error: unknown): error is ProtocolError {
  return hasBrand(error, brand);
}
