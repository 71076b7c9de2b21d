import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestRow } from '../../catalog/manifest';
import { isStoreUri } from '../../shared/store-identity';
import type { ObjectStore } from '../../storage/object-store';
import { CliError } from '../exit-codes';
import type { InputUpload } from '../upload-inputs';

/** What became of one line's image cell. */
export type ImageFate =
  | { kind: 'uri'; line: number }
  | { kind: 'path'; line: number; file: string }
  | { kind: 'store-key'; line: number; key: string }
  | { kind: 'uploaded'; line: number; upload: InputUpload }
  /** Not found (or not an image): left for the catalog to record as that line's failure. */
  | { kind: 'missing'; line: number; cell: string; reason: string };

/** The manifest's rows with their image cells rewritten, and what happened to each. */
export interface ResolvedImages {
  rows: ManifestRow[];
  fates: ImageFate[];
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Whether `key` names an object in `store` (only asked for cells that are no local file). */
async function inStore(store: ObjectStore, key: string): Promise<boolean> {
  if (key.startsWith('/') || key.includes('..') || key.includes('\\')) return false;
  try {
    return (await store.list(key)).some((object) => object.key === key);
  } catch {
    return false; // an unsafe key: not a store key
  }
}

/**
 * Rewrites each line's `image` cell so the workers can read it, in this order:
 * - a store URI (`s3://…`, `file://…`) stays as it is;
 * - a path (relative to the manifest's folder) to a file here becomes its absolute path, or, when `upload`
 *   (the store is a bucket, or `--upload`), the store URI of its content-addressed copy
 *   (`inputs/<sha256>.<ext>`, uploaded once);
 * - else a key of an object already in the store (`inputs/….jpg`) becomes that object's location;
 * - else the cell is left as the absolute path and reported `missing`: the catalog records it as that
 *   line's failure (naming the field and the path) and the other lines go on.
 * Rows without an image cell are left alone (the catalog reports the missing field). Never throws for
 * one line's image; throws only when the store fails.
 */
export async function resolveManifestImages(
  rows: readonly ManifestRow[],
  options: { folder: string; store: ObjectStore; upload: boolean; label: (row: ManifestRow) => string },
): Promise<ResolvedImages> {
  const { uploadImage } = options.upload ? await import('../upload-inputs.js') : { uploadImage: undefined };
  const out: ManifestRow[] = [];
  const fates: ImageFate[] = [];
  for (const row of rows) {
    const cell = row.fields.image;
    if (typeof cell !== 'string' || cell.trim() === '') {
      out.push(row);
      continue;
    }
    const place = (image: string, fate: ImageFate) => {
      out.push({ ...row, fields: { ...row.fields, image } });
      fates.push(fate);
    };
    if (isStoreUri(cell)) {
      out.push(row);
      fates.push({ kind: 'uri', line: row.line });
      continue;
    }
    const file = path.resolve(options.folder, cell);
    if (await isFile(file)) {
      if (!uploadImage) {
        place(file, { kind: 'path', line: row.line, file });
        continue;
      }
      try {
        const { upload } = await uploadImage(file, options.store, options.label(row));
        place(upload.location, { kind: 'uploaded', line: row.line, upload });
      } catch (error: unknown) {
        if (!(error instanceof CliError)) throw error;
        place(file, { kind: 'missing', line: row.line, cell, reason: error.message });
      }
      continue;
    }
    if (await inStore(options.store, cell)) {
      place(options.store.locate(cell), { kind: 'store-key', line: row.line, key: cell });
      continue;
    }
    place(file, {
      kind: 'missing',
      line: row.line,
      cell,
      reason: `${options.label(row)} ${cell}: no such file (looked for ${file}) and no such key in the store`,
    });
  }
  return { rows: out, fates };
}
