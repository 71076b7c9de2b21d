import path from 'node:path';
import { nonRetryable } from '../shared/failures';

/**
 * The folders a worker reads input paths from: the configured ones (`DIRECTOR_INPUT_DIRS`); with none,
 * any path when the store is a local folder (one machine: the user's paths are the worker's), and no path
 * at all when it is not (a cluster: a path names a file on someone else's machine, so inputs come from
 * the store, uploaded by `director run`).
 */
export function inputRootsFor(inputDirs: readonly string[], storeUri: string): readonly string[] | undefined {
  if (inputDirs.length > 0) return inputDirs;
  return storeUri.startsWith('file:') ? undefined : [];
}

/**
 * Resolves an input path and checks that it lies in one of the allowed folders. Throws `InvalidInput`
 * naming the path and the allowed folders when it does not (or saying that this worker reads inputs only
 * from its store, when `roots` is empty); `roots` undefined allows any path.
 */
export function checkInputPath(file: string, roots: readonly string[] | undefined): string {
  const resolved = path.resolve(file);
  if (!roots) return resolved;
  if (roots.length === 0) {
    throw nonRetryable(
      'InvalidInput',
      `image path '${file}' refused: this worker reads inputs only from its object store ` +
        '(`director run` uploads local files there; DIRECTOR_INPUT_DIRS allows shared folders)',
      { field: 'path', value: file },
    );
  }
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
