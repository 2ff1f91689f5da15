import type { TradingMode } from './TradingMode.ts';

export interface ModeChangedEvent {
  type: 'mode.changed';
  from: TradingMode;
  to: TradingMode;
  reason: string;
  /** An operator's switch to paper: held until released (`releaseMode`); automatic switches back are refused. */
  held?: boolean;
  at: number;
}

/** An operator released a held mode: automatic switches may happen again. */
export interface ModeReleasedEvent {
  type: 'mode.released';
  mode: TradingMode;
  reason: string;
  at: number;
}
