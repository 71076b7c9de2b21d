import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pruneEmptyFolders, writeFileAtomic } from './atomic-write';
import { resolveKey } from './safe-key';

/**
 * The output collection: finished images as files under `<outputDir>/<runKey>/<name>`. Publishing and
 * unpublishing are idempotent, so a retried step or compensation never duplicates or fails on a file.
 */
export class LocalPublisher {
  readonly outputDir: string;

  constructor(outputDir: string) {
    this.outputDir = path.resolve(outputDir);
  }

  /** Writes one file atomically and returns its absolute path. Throws `InvalidInput` for an unsafe name. */
  async publish(runKey: string, name: string, bytes: Uint8Array): Promise<string> {
    const file = resolveKey(this.outputDir, `${runKey}/${name}`);
    await writeFileAtomic(file, bytes);
    return file;
  }

  /** Removes a run's published files by name (missing ones are fine) and its folder when it is empty. */
  async unpublish(runKey: string, names: readonly string[]): Promise<number> {
    let removed = 0;
    for (const name of names) {
      const file = resolveKey(this.outputDir, `${runKey}/${name}`);
      try {
        await rm(file);
        removed += 1;
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await pruneEmptyFolders(path.dirname(file), this.outputDir);
    }
    return removed;
  }
}
