import path from 'node:path';
import { nonRetryable } from '../shared/failures';

/**
 * Resolves a store key (`runs/<run>/<step>/<name>.png`) to a path inside `root`. Throws `InvalidInput` for a
 * key that is empty, absolute, or climbs out of the root.
 */
export function resolveKey(root: string, key: string): string {
  const parts = key.split('/');
  const valid =
    key.length > 0 && !key.startsWith('/') && parts.every((p) => p !== '' && p !== '.' && p !== '..');
  if (!valid || /[\\\0]/.test(key))
    throw nonRetryable('InvalidInput', `blob key '${key}' is not a safe relative key`);
  return path.join(root, ...parts);
}
