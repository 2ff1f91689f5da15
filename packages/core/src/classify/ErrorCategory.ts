/** The seed's categories (note `CONFIGURATION` is `'config'`). */
export const ErrorCategory = {
  NETWORK: 'network',
  API: 'api',
  DATA: 'data',
  EXCHANGE: 'exchange',
  STRATEGY: 'strategy',
  MEMORY: 'memory',
  CONFIGURATION: 'config',
  SYSTEM: 'system',
} as const;

export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

export const ERROR_CATEGORIES: readonly ErrorCategory[] = Object.values(ErrorCategory);
