import { nonRetryable } from '../../shared/failures';

/** Throws a non-retryable `InvalidInput` naming `field` unless `value` is an integer within `min..max`. */
export function requireInt(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw nonRetryable('InvalidInput', `${field} must be an integer ${min}..${max}, got ${value}`, {
      field,
      value,
    });
  }
}
