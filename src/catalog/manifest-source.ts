import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInputPath } from '../activities/input-roots';
import { keyInStore } from '../activities/store-reference';
import { nonRetryable } from '../shared/failures';
import { isStoreUri } from '../shared/store-identity';
import type { ObjectStore } from '../storage/object-store';

/** Largest manifest read: some 100,000 lines of a few hundred bytes; a bigger file is not a manifest. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Where a manifest is read from. */
export interface ManifestSourceDeps {
  objects: Pick<ObjectStore, 'uri' | 'get'>;
  /** Folders paths must lie in (as for input images); undefined allows any path. */
  inputRoots?: readonly string[] | undefined;
}

/**
 * The manifest's bytes: a URI in the worker's store (`s3://…`, `file://…`), a key in it (`inputs/<sha>.csv`),
 * or an absolute path on the worker's machine inside the allowed input folders. Throws a non-retryable
 * `ManifestNotFound` naming the manifest when there is nothing there, `InvalidInput` (field `manifest`)
 * for a URI of another store, a path outside the input folders or a file over `MAX_MANIFEST_BYTES`;
 * a store that fails passes its (retryable) failure through.
 */
export async function readManifestBytes(deps: ManifestSourceDeps, manifest: string): Promise<Buffer> {
  const bytes = await fetchManifest(deps, manifest);
  if (!bytes) {
    throw nonRetryable(
      'ManifestNotFound',
      `manifest '${manifest}' not found in the store ${deps.objects.uri}`,
      {
        manifest,
        store: deps.objects.uri,
      },
    );
  }
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw nonRetryable(
      'InvalidInput',
      `manifest '${manifest}' is ${bytes.length.toLocaleString('en-US')} bytes: more than the ` +
        `${MAX_MANIFEST_BYTES.toLocaleString('en-US')} a manifest may have (split the catalog)`,
      { field: 'manifest', value: manifest },
    );
  }
  return bytes;
}

async function fetchManifest(deps: ManifestSourceDeps, manifest: string): Promise<Buffer | undefined> {
  if (isStoreUri(manifest)) {
    const storeBase = deps.objects.uri.replace(/[?#].*$/, '').replace(/\/+$/, '');
    if (manifest.startsWith('file:') && !manifest.startsWith(`${storeBase}/`)) {
      return readManifestFile(fileURLToPath(manifest), manifest, deps.inputRoots);
    }
    return deps.objects.get(asManifestField(() => keyInStore(manifest, deps.objects.uri)));
  }
  if (path.isAbsolute(manifest)) return readManifestFile(manifest, manifest, deps.inputRoots);
  return deps.objects.get(manifest);
}

async function readManifestFile(
  file: string,
  manifest: string,
  roots: readonly string[] | undefined,
): Promise<Buffer | undefined> {
  const resolved = asManifestField(() => checkInputPath(file, roots));
  try {
    return await readFile(resolved);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
    throw nonRetryable('ManifestNotFound', `manifest '${manifest}' cannot be read: ${String(code)}`, {
      manifest,
    });
  }
}

/** Runs a check that throws `InvalidInput` about an image, renaming its field to `manifest`. */
function asManifestField<T>(check: () => T): T {
  try {
    return check();
  } catch (error: unknown) {
    if (error instanceof Error) {
      const message = error.message.replace(/^image( path)? /, 'manifest ');
      throw nonRetryable('InvalidInput', message, { field: 'manifest' });
    }
    throw error;
  }
}
