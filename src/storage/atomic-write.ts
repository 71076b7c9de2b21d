import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see either nothing or the whole file: bytes go to a temporary sibling
 * that is renamed into place. A crash mid-write leaves at most a `.tmp-*` file, never a half image.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } catch (error: unknown) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Removes empty folders from `folder` up to (not including) `stopAt`; stops at the first non-empty one. */
export async function pruneEmptyFolders(folder: string, stopAt: string): Promise<void> {
  let current = folder;
  while (current.startsWith(stopAt + path.sep)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty, or already gone: either way we are done
    }
    current = path.dirname(current);
  }
}
