import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checkInputPath } from '../activities/input-roots';
import { keyInStore } from '../activities/store-reference';
import { isStoreUri } from '../shared/store-identity';
import type { ObjectStore } from '../storage/object-store';
import { contentAddressedSha256 } from './fingerprint';

/** Where line images are read from to hash them. */
export interface ImageHashDeps {
  objects: Pick<ObjectStore, 'uri' | 'get'>;
  inputRoots?: readonly string[] | undefined;
}

/** A line image's content hash, or why it cannot be had (the line's failure, about its `image`). */
export type ImageHash = { ok: true; sha256: string } | { ok: false; message: string };

/**
 * The sha256 of a line image: from its content-addressed name without reading (`inputs/<sha256>.jpg`),
 * else from its bytes — a URI in the worker's store, or an absolute path inside the allowed input folders.
 * A missing image, a URI of another store or a path outside the folders is the line's problem (`ok: false`);
 * a store that fails throws its own (retryable) failure.
 */
export async function hashLineImage(deps: ImageHashDeps, image: string): Promise<ImageHash> {
  const named = contentAddressedSha256(image);
  if (named !== undefined) return { ok: true, sha256: named };
  let bytes: Buffer | undefined;
  try {
    bytes = isStoreUri(image) ? await readStoreImage(deps, image) : await readPathImage(deps, image);
  } catch (error: unknown) {
    if (isTyped(error, 'InvalidInput')) {
      return { ok: false, message: `image: ${(error as Error).message.replace(/^image (path )?/, '')}` };
    }
    throw error;
  }
  if (!bytes) return { ok: false, message: `image: no such image at ${image}` };
  return { ok: true, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function readStoreImage(deps: ImageHashDeps, uri: string): Promise<Buffer | undefined> {
  return deps.objects.get(keyInStore(uri, deps.objects.uri));
}

async function readPathImage(deps: ImageHashDeps, file: string): Promise<Buffer | undefined> {
  const resolved = checkInputPath(file, deps.inputRoots);
  try {
    return await readFile(resolved);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES') return undefined;
    throw error;
  }
}

function isTyped(error: unknown, type: string): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}
