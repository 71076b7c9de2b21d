import { createHash } from 'node:crypto';
import type { ImageData } from '../model/creative-model';
import type { BlobRef } from '../shared/blob';
import { nonRetryable } from '../shared/failures';
import type { BlobStore } from './blob-store';
import type { ObjectStore } from './object-store';

/**
 * Run images over any object store (a local folder or an S3 bucket), under the keys the Directors derive
 * from run and step (`runs/<runKey>/…`). A write under such a key replaces the blob (a retried step writes
 * the same key again); a read checks the bytes against the reference's sha256, so a blob that another
 * write replaced or the store damaged fails loudly instead of flowing on.
 */
export class StoreBlobStore implements BlobStore {
  readonly location: string;

  constructor(readonly store: ObjectStore) {
    this.location = store.uri;
  }

  /** Writes whole or not at all; the same key twice replaces the blob. Throws on an invalid key. */
  async put(key: string, image: ImageData): Promise<BlobRef> {
    await this.store.put(key, image.bytes, { contentType: image.mimeType });
    return {
      key,
      sha256: sha256(image.bytes),
      mimeType: image.mimeType,
      size: image.bytes.length,
      width: image.width,
      height: image.height,
    };
  }

  /** Throws `ImageNotFound` when the blob is gone, `CorruptImage` when its bytes are not the ones stored. */
  async get(ref: BlobRef): Promise<Buffer> {
    const bytes = await this.store.get(ref.key);
    if (!bytes) {
      throw nonRetryable('ImageNotFound', `blob '${ref.key}' is not in the store at ${this.location}`, {
        key: ref.key,
        store: this.location,
      });
    }
    const actual = sha256(bytes);
    if (actual !== ref.sha256) {
      throw nonRetryable(
        'CorruptImage',
        `blob '${ref.key}' in the store at ${this.location} does not match its reference: sha256 ${actual}, expected ${ref.sha256}`,
        { key: ref.key, store: this.location, sha256: actual, expected: ref.sha256 },
      );
    }
    return bytes;
  }

  async delete(keys: readonly string[]): Promise<number> {
    return this.store.delete(keys);
  }

  /** Deletes every blob under a folder-like prefix (`runs/<run>/branch/`; a missing `/` is added). */
  async deletePrefix(prefix: string): Promise<number> {
    return this.store.deletePrefix(prefix.endsWith('/') ? prefix : `${prefix}/`);
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
