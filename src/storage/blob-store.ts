import type { ImageData } from '../model/creative-model';
import type { BlobRef } from '../shared/blob';

/**
 * Where image bytes live while a run works on them. Keys are derived from the run and the step, so writes
 * are idempotent: writing the same key again replaces the blob, never adds a second one.
 */
export interface BlobStore {
  /** Where the store keeps its blobs, for messages. */
  readonly location: string;
  /** Stores an image atomically under `key` and returns its reference. Throws on an invalid key. */
  put(key: string, image: ImageData): Promise<BlobRef>;
  /** Reads the bytes of a stored blob. Throws `ImageNotFound` when it is gone. */
  get(ref: BlobRef): Promise<Buffer>;
  /** Deletes blobs by key; missing keys are fine (idempotent). Returns how many were deleted. */
  delete(keys: readonly string[]): Promise<number>;
  /** Deletes every blob whose key starts with `prefix` (a folder-like `runs/<run>/branch/`). Idempotent. */
  deletePrefix(prefix: string): Promise<number>;
}
