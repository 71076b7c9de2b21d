import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ManifestError,
  manifestFormatOf,
  parseManifest,
  type ManifestFormat,
  type ManifestRow,
} from '../../catalog/manifest';
import { usageError } from '../exit-codes';
import { userPath } from '../user-path';

/** A manifest read from the user's disk and parsed: nothing has been uploaded or started yet. */
export interface LocalManifest {
  /** The path as the user typed it (messages name it so). */
  typed: string;
  /** The absolute path: relative image paths are resolved against its folder. */
  file: string;
  format: ManifestFormat;
  rows: ManifestRow[];
}

/**
 * Reads and parses the manifest `typed` (a path from the folder the user is in). Throws a usage CliError
 * (exit 2) for a missing or unreadable file naming its path, an unknown extension, or a malformed file:
 * `products.csv line 14, column 9: …`, so nothing is uploaded and no workflow starts.
 */
export async function readLocalManifest(typed: string): Promise<LocalManifest> {
  const file = userPath(typed);
  let format: ManifestFormat;
  try {
    format = manifestFormatOf(file);
  } catch (error: unknown) {
    const problem = (error as Error).message.replace(/^line 1, column 1: /, '');
    throw usageError(`--manifest ${typed}: ${problem}`);
  }
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw usageError(`--manifest ${file}: cannot read it (${why ?? (error as Error).message})`);
  });
  let rows: ManifestRow[];
  try {
    rows = parseManifest(text, format);
  } catch (error: unknown) {
    if (error instanceof ManifestError) throw usageError(`${typed} ${error.message}`);
    throw error;
  }
  if (rows.length === 0) throw usageError(`${typed} has no SKU lines: nothing to run`);
  return { typed, file, format, rows };
}

/** The manifest's folder: relative image paths in it are read from there. */
export function manifestFolder(manifest: LocalManifest): string {
  return path.dirname(manifest.file);
}
