import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** How the temporary sibling of a file being written is named: `<file>.tmp-<12 hex digits>`. */
const TEMPORARY_NAME = /\.tmp-[0-9a-f]{12}$/;

/**
 * Writes a file so that readers see either nothing or the whole file, even across a power cut: bytes go to
 * a temporary sibling that is flushed to disk (fsync) before it is renamed into place, and the folder is
 * flushed after the rename so the new name itself is durable. A crash mid-write leaves at most a `.tmp-*`
 * file (removed by `sweepTemporaryFiles`), never a half image or an empty file under the real name.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  await writeFileDurably(file, bytes, false);
}

/**
 * `writeFileAtomic` that never replaces an existing file: the flushed temporary is hard-linked to the real
 * name, which fails when the name exists. Returns whether this call created the file.
 */
export async function createFileAtomic(file: string, bytes: Uint8Array): Promise<boolean> {
  return writeFileDurably(file, bytes, true);
}

async function writeFileDurably(file: string, bytes: Uint8Array, exclusive: boolean): Promise<boolean> {
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true });
  const temporary = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  let created = true;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!exclusive) await rename(temporary, file);
    else {
      created = await link(temporary, file).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return false;
          throw error;
        },
      );
      await rm(temporary, { force: true });
    }
  } catch (error: unknown) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
  return created;
}

/**
 * Flushes a folder's entries (a rename, a new file) to disk. Platforms that cannot open a folder for
 * syncing (Windows) are skipped: there the rename is as durable as the file system makes it.
 */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
  } catch (error: unknown) {
    if (isUnsupported(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error: unknown) {
    if (!isUnsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Removes the temporary files that writes cut short (a crash, a power cut) left under `root`, when they are
 * older than `olderThanMs`, so a write still in progress elsewhere is never touched. Returns the paths
 * removed. A missing root is fine.
 */
export async function sweepTemporaryFiles(
  root: string,
  olderThanMs: number,
  now = Date.now(),
): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !TEMPORARY_NAME.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const modified = await stat(file).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (modified === undefined || now - modified < olderThanMs) continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** A temporary file this old belongs to no write in progress: a write takes seconds at most. */
export const STALE_TEMPORARY_MS = 10 * 60_000;

/**
 * Sweeps the temporary files of interrupted writes out of every folder a worker writes to (blobs, outputs,
 * memo), older than `STALE_TEMPORARY_MS`. Run when a worker starts; returns how many were removed.
 */
export async function sweepInterruptedWrites(folders: readonly string[]): Promise<number> {
  let removed = 0;
  for (const folder of folders) removed += (await sweepTemporaryFiles(folder, STALE_TEMPORARY_MS)).length;
  return removed;
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

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EACCES';
}
