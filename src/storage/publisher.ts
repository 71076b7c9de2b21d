import path from 'node:path';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';

/** MIME types of the files a run publishes, so an S3 store serves them back as what they are. */
const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The output collection: finished images and reports under `<prefix><runKey>/<name>` in an object store —
 * `outputs/<runKey>/<name>` in an S3 store, `<runKey>/<name>` in the local output folder. Publishing and
 * unpublishing are idempotent (same names replace; missing ones are fine), so a retried step or
 * compensation never duplicates or fails on a file.
 */
export class StorePublisher {
  constructor(
    readonly store: ObjectStore,
    readonly prefix = '',
  ) {}

  /** Writes one file whole and returns where it is (a path, or an `s3://` URI). Throws `InvalidInput` for an unsafe name. */
  async publish(runKey: string, name: string, bytes: Uint8Array): Promise<string> {
    const key = this.key(runKey, name);
    const contentType = CONTENT_TYPES[path.extname(name).toLowerCase()];
    await this.store.put(key, bytes, contentType ? { contentType } : {});
    return this.store.locate(key);
  }

  /** Removes a run's published files by name (missing ones are fine); returns how many were there. */
  async unpublish(runKey: string, names: readonly string[]): Promise<number> {
    return this.store.delete(names.map((name) => this.key(runKey, name)));
  }

  /** The key of a run's published file. */
  key(runKey: string, name: string): string {
    return `${this.prefix}${runKey}/${name}`;
  }
}

/** The output collection as files under `<outputDir>/<runKey>/<name>` (the local default). */
export class LocalPublisher extends StorePublisher {
  readonly outputDir: string;

  constructor(outputDir: string) {
    super(new LocalObjectStore(outputDir));
    this.outputDir = path.resolve(outputDir);
  }
}
