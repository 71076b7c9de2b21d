import path from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { removeKeys } from './remove-keys';
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
    return removeKeys(
      this.outputDir,
      names.map((name) => `${runKey}/${name}`),
    );
  }
}
