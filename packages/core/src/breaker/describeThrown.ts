/**
 * `Name: message` of a thrown value; never throws, whatever was thrown. Not redacted here: the registry does
 * it where the event leaves the breaker's own listeners (see BreakerRegistry).
 */
export function describeThrown(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  } catch {
    return 'an unreadable value';
  }
}
