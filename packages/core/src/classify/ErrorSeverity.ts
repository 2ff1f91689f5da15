/** The seed's severities, lowest first. */
export const ErrorSeverity = {
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
} as const;

export type ErrorSeverity = (typeof ErrorSeverity)[keyof typeof ErrorSeverity];

export const ERROR_SEVERITIES: readonly ErrorSeverity[] = Object.values(ErrorSeverity);
