import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImageData } from '../model/creative-model';
import type { BlobRef } from '../shared/blob';
import { nonRetryable } from '../shared/failures';
import { pruneEmptyFolders, writeFileAtomic } from './atomic-write';
import type { BlobStore } from './blob-store';
import { removeKeys } from './remove-keys';
import { resolveKey } from './safe-key';

/** A blob store in a local folder: the default when workers run on one machine. */
export class LocalBlobStore implements BlobStore {
  readonly location: string;

  constructor(root: string) {
    this.location = path.resolve(root);
  }

  /** Writes atomically (temp file + rename); the same key twice replaces the blob. */
  async put(key: string, image: ImageData): Promise<BlobRef> {
    const file = resolveKey(this.location, key);
    await writeFileAtomic(file, image.bytes);
    const sha256 = createHash('sha256').update(image.bytes).digest('hex');
    return {
      key,
      sha256,
      mimeType: image.mimeType,
      size: image.bytes.length,
      width: image.width,
      height: image.height,
    };
  }

  /** Throws `ImageNotFound` when the blob is gone. */
  async get(ref: BlobRef): Promise<Buffer> {
    try {
      return await readFile(resolveKey(this.location, ref.key));
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw nonRetryable('ImageNotFound', `blob '${ref.key}' is not in the store at ${this.location}`, {
          key: ref.key,
        });
      }
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    return removeKeys(this.location, keys);
  }

  async deletePrefix(prefix: string): Promise<number> {
    const folder = resolveKey(this.location, prefix.replace(/\/+$/, ''));
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter((entry) => entry.isFile()).length;
    await rm(folder, { recursive: true, force: true });
    await pruneEmptyFolders(path.dirname(folder), this.location);
    return files;
  }
}
