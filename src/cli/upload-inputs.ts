import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { BlobRef } from '../shared/blob';
import { isStoreUri } from '../shared/store-identity';
import type { ObjectStore } from '../storage/object-store';
import { usageError } from './exit-codes';

type Json = Record<string, unknown>;

/** One local image `director run` put into the store, for the CLI's output. */
export interface InputUpload {
  /** The flag or input field that named it (`--image`, `referenceImages[1] in --input a.json`). */
  label: string;
  file: string;
  /** Where it is in the store (an `s3://` URI or an absolute path). */
  location: string;
  /** False when the same photo was there already (content-addressed: stored once). */
  uploaded: boolean;
}

/** The MIME type and key extension of each format sharp names. */
const FORMATS: Record<string, { mimeType: string; ext: string }> = {
  jpeg: { mimeType: 'image/jpeg', ext: 'jpg' },
  png: { mimeType: 'image/png', ext: 'png' },
  webp: { mimeType: 'image/webp', ext: 'webp' },
  gif: { mimeType: 'image/gif', ext: 'gif' },
  tiff: { mimeType: 'image/tiff', ext: 'tif' },
  avif: { mimeType: 'image/avif', ext: 'avif' },
  heif: { mimeType: 'image/heif', ext: 'heic' },
};

/** The store key of an uploaded input: content-addressed, so the same photo is stored once. */
export function inputKey(sha256: string, ext: string): string {
  return `inputs/${sha256}.${ext}`;
}

/**
 * Puts one local image file into `store` under `inputs/<sha256>.<ext>` (a conditional write: an object
 * already there is kept) and returns its blob reference, which the worker checks on read. Throws a usage
 * CliError naming `label` and the file when it cannot be read or is not an image.
 */
export async function uploadImage(
  file: string,
  store: ObjectStore,
  label: string,
): Promise<{ ref: BlobRef; upload: InputUpload }> {
  const bytes = await readFile(file).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw usageError(`${label} ${file}: cannot read it (${why ?? (error as Error).message})`);
  });
  const metadata = await sharp(bytes)
    .metadata()
    .catch((error: unknown) => {
      throw usageError(`${label} ${file} is not an image this project reads (${(error as Error).message})`);
    });
  const format = FORMATS[metadata.format];
  if (!format || !metadata.width || !metadata.height)
    throw usageError(`${label} ${file} is a ${metadata.format} file, not a photo this project reads`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = inputKey(sha256, format.ext);
  const uploaded = await store.put(key, bytes, { ifAbsent: true, contentType: format.mimeType });
  const ref: BlobRef = {
    key,
    sha256,
    mimeType: format.mimeType,
    size: bytes.length,
    width: metadata.width,
    height: metadata.height,
  };
  return { ref, upload: { label, file, location: store.locate(key), uploaded } };
}

/** A local path (not a store URI, not a blob reference): what the CLI uploads. */
const isLocalPath = (source: unknown): source is string => typeof source === 'string' && !isStoreUri(source);

/**
 * The input with each local image path (`productImage`, `referenceImages`) replaced by a reference to the
 * same bytes in `store`, uploaded there first; store URIs and blob references stay as they are. `labelOf`
 * names a field as the user gave it (`--image`, or the field of `--input`). Throws a usage CliError naming
 * the flag and the path when a file is missing, unreadable or not an image.
 */
export async function uploadInputs(
  input: Json,
  store: ObjectStore,
  labelOf: (field: string) => string,
): Promise<{ input: Json; uploads: InputUpload[] }> {
  const uploads: InputUpload[] = [];
  const upload = async (source: unknown, field: string): Promise<unknown> => {
    if (!isLocalPath(source)) return source;
    const { ref, upload } = await uploadImage(source, store, labelOf(field));
    uploads.push(upload);
    return ref;
  };
  const uploaded: Json = { ...input };
  if (input.productImage !== undefined)
    uploaded.productImage = await upload(input.productImage, 'productImage');
  if (Array.isArray(input.referenceImages)) {
    const references: unknown[] = [];
    for (const [index, source] of (input.referenceImages as unknown[]).entries())
      references.push(await upload(source, `referenceImages[${index}]`));
    uploaded.referenceImages = references;
  }
  return { input: uploaded, uploads };
}
