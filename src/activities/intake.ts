import { createHash } from 'node:crypto';
import { decodeImageBytes, readInputImage } from '../images/read-input-image';
import type { ImageData } from '../model/creative-model';
import type { BlobRef } from '../shared/blob';
import type { ImageSource } from '../shared/ecommerce';
import { nonRetryable } from '../shared/failures';
import { isStoreUri } from '../shared/store-identity';
import type { ActivityDeps } from './deps';
import { checkInputPath } from './input-roots';
import { keyInStore } from './store-reference';

type IntakeDeps = Pick<ActivityDeps, 'blobs' | 'store' | 'inputRoots' | 'imageLimits'>;

/**
 * Reads and checks an input image, returning it normalised (EXIF-upright sRGB PNG): a blob reference
 * (checked against its sha256 and size), a URI in the worker's own store (`s3://…/inputs/<sha>.jpg`, as
 * the `temporal` CLI may send), or a path inside the allowed folders. Throws a non-retryable typed failure
 * for anything unusable: `InvalidInput` for a path outside the folders or a URI of another store,
 * `ImageNotFound`, `CorruptImage` for bytes that do not match their reference, the decoder's failures.
 */
export async function readSource(deps: IntakeDeps, source: ImageSource): Promise<ImageData> {
  if (typeof source !== 'string') {
    return decodeImageBytes(checkedBytes(await deps.blobs.get(source), source), source.key, deps.imageLimits);
  }
  if (isStoreUri(source)) return readStoreUri(deps, source);
  return readInputImage(checkInputPath(source, deps.inputRoots), deps.imageLimits);
}

async function readStoreUri(deps: IntakeDeps, uri: string): Promise<ImageData> {
  const key = keyInStore(uri, deps.store?.uri);
  const bytes = await deps.store?.get(key);
  if (!bytes) {
    throw nonRetryable('ImageNotFound', `image '${uri}' is not in the store (no object '${key}')`, {
      key,
      store: deps.store?.uri,
    });
  }
  return decodeImageBytes(bytes, uri, deps.imageLimits);
}

/** The bytes, when they are the ones the reference names; else `CorruptImage` naming the key. */
function checkedBytes(bytes: Buffer, ref: BlobRef): Buffer {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== ref.sha256 || bytes.length !== ref.size) {
    throw nonRetryable(
      'CorruptImage',
      `blob '${ref.key}' does not match its reference: sha256 ${sha256} (${bytes.length} bytes) where ` +
        `${ref.sha256} (${ref.size} bytes) was expected`,
      { key: ref.key, expected: ref.sha256, found: sha256 },
    );
  }
  return bytes;
}
