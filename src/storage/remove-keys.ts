import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pruneEmptyFolders } from './atomic-write';
import { resolveKey } from './safe-key';

/**
 * Removes the files at `keys` under `root`, and the folders each removal leaves empty, up to `root`;
 * returns how many files were there. Idempotent: a key already gone is fine, so a retried undo never
 * fails on it. Throws `InvalidInput` for an unsafe key (see `resolveKey`).
 */
export async function removeKeys(root: string, keys: readonly string[]): Promise<number> {
  let removed = 0;
  for (const key of keys) {
    const file = resolveKey(root, key);
    try {
      await rm(file);
      removed += 1;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await pruneEmptyFolders(path.dirname(file), root);
  }
  return removed;
}
