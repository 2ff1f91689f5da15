import { hasBrand } from '../errors/brand.ts';

const brand = 'breakwater.StoreError';

/** A history store failed or was misused; the message starts with the driver's name (`file: …`). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly [brand] = true;
  readonly driver: string;

  constructor(driver: string, message: string, options?: { cause?: unknown }) {
    super(`${driver}: ${message}`, options);
    this.driver = driver;
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return hasBrand(error, brand);
}
