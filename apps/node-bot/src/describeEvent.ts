import type { HandlerEvent } from '@breakwater/core';

/**
 * The one line printed for an event worth a human's attention, or undefined. Breaker transitions keep a fixed
 * shape (`breaker <name>: <FROM> -> <TO> (<reason>)`): the end-to-end test reads them.
 */
export function describeEvent(event: HandlerEvent): string | undefined {
  switch (event.type) {
    case 'breaker.state':
      return `breaker ${event.name}: ${event.from} -> ${event.to} (${event.reason})`;
    case 'mode.changed':
      return `mode ${event.from} -> ${event.to}${event.held ? ' (held until released)' : ''}: ${event.reason}`;
    case 'mode.released':
      return `mode ${event.mode} released: ${event.reason}`;
    case 'recovery.succeeded':
      return `recovered by ${event.action} (${event.outcome})`;
    case 'error.recorded': {
      const { category, severity, operation, name, message } = event.context;
      return `error ${category}/${severity} in ${operation}: ${name}: ${message}`;
    }
    default:
      return undefined;
  }
}
