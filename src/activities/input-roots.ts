import path from 'node:path';
import { nonRetryable } from '../shared/failures';

/**
 * Resolves an input path and checks that it lies in one of the allowed folders. Throws `InvalidInput`
 * naming the path and the allowed folders when it does not; `roots` undefined allows any path.
 */
export function checkInputPath(file: string, roots: readonly string[] | undefined): string {
  const resolved = path.resolve(file);
  if (!roots) return resolved;
  const inside = roots.some((root) => {
    const relative = path.relative(path.resolve(root), resolved);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
  if (!inside) {
    throw nonRetryable(
      'InvalidInput',
      `image path '${file}' is outside the allowed input folders: ${roots.join(', ')}`,
      {
        field: 'path',
        value: file,
      },
    );
  }
  return resolved;
}
