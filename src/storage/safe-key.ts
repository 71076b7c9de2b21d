import path from 'node:path';
import { nonRetryable } from '../shared/failures';

/**
 * Resolves a store key (`runs/<run>/<step>/<name>.png`) to a path inside `root`. Throws `InvalidInput` for a
 * key that is empty, absolute, or climbs out of the root.
 */
export function resolveKey(root: string, key: string): string {
  return path.join(root, ...checkKey(key));
}

/** The `/`-separated parts of a safe store key. Throws `InvalidInput` like {@link resolveKey}. */
export function checkKey(key: string): string[] {
  const parts = key.split('/');
  const valid =
    key.length > 0 && !key.startsWith('/') && parts.every((p) => p !== '' && p !== '.' && p !== '..');
  if (!valid || /[\\\0]/.test(key))
    throw nonRetryable('InvalidInput', `blob key '${key}' is not a safe relative key`);
  return parts;
}

/** Checks a listing prefix (`''`, `runs/r1/`, `memo/ab`): a key's beginning. Throws `InvalidInput`. */
export function checkPrefix(prefix: string): void {
  if (prefix === '') return;
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}
