/** The operating mode: `paper` means orders go to the paper-trading (`degrade`) implementation. */
export type TradingMode = 'live' | 'paper';
