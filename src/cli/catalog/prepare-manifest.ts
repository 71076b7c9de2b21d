import path from 'node:path';
import type { ObjectStore } from '../../storage/object-store';
import { usageError } from '../exit-codes';
import { resolveManifestImages, type ImageFate } from './manifest-images';
import { serializeManifest, storeManifest, type StoredManifest } from './manifest-store';
import { manifestFolder, readLocalManifest } from './read-manifest';

/** A manifest ready for the catalog: in the store, its images readable by the workers. */
export interface PreparedManifest {
  /** The absolute path of the user's file. */
  file: string;
  /** SKU lines in it. */
  lines: number;
  stored: StoredManifest;
  /** What became of each line's image cell (lines without one are not listed). */
  images: ImageFate[];
}

/**
 * Prepares the manifest `typed` for a catalog run: reads and parses it (a malformed file fails here,
 * exit 2, naming line and column, before anything is uploaded), makes its images readable by the
 * workers (absolute paths on a local store; content-addressed uploads when `upload`), and puts the
 * rewritten manifest into the store content-addressed. A line whose image is missing is reported (see
 * `ImageFate`) and left for the catalog to fail; when no line's image can be found at all, it is a usage
 * error (a manifest in the wrong folder, most likely) and nothing is stored.
 */
export async function prepareManifest(
  typed: string,
  store: ObjectStore,
  options: { upload: boolean },
): Promise<PreparedManifest> {
  const manifest = await readLocalManifest(typed);
  const name = path.basename(typed);
  const resolved = await resolveManifestImages(manifest.rows, {
    folder: manifestFolder(manifest),
    store,
    upload: options.upload,
    label: (row) => `${name} line ${row.line} image`,
  });
  const missing = resolved.fates.filter((fate) => fate.kind === 'missing');
  if (resolved.fates.length > 0 && missing.length === resolved.fates.length) {
    throw usageError(
      `none of the ${missing.length} images in ${typed} can be found (paths are read from ` +
        `${manifestFolder(manifest)}, then as keys in the store ${store.uri}); the first: ${missing[0]?.reason}`,
    );
  }
  const stored = await storeManifest(
    serializeManifest(resolved.rows, manifest.format),
    manifest.format,
    store,
  );
  return { file: manifest.file, lines: manifest.rows.length, stored, images: resolved.fates };
}
