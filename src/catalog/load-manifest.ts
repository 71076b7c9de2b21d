import { createHash } from 'node:crypto';
import type { ManifestInfo } from '../shared/catalog';
import { nonRetryable } from '../shared/failures';
import { manifestFileName } from './catalog-settings';
import { firstLinesOfSkus } from './line-fields';
import { ManifestError, manifestFormatOf, parseManifest, type ManifestRow } from './manifest';
import { readManifestBytes, type ManifestSourceDeps } from './manifest-source';

/** A manifest read and parsed: what `openCatalog` reports, its rows, and where each SKU first appears. */
export interface LoadedManifest {
  info: ManifestInfo;
  rows: ManifestRow[];
  firstLineOfSku: Map<string, number>;
}

/**
 * Reads and parses a manifest. Throws non-retryable failures naming the manifest: `ManifestNotFound`,
 * `ManifestMalformed` with the 1-based line and column (also for a manifest without any SKU line), and
 * `InvalidInput` (field `manifest`) for a name that is neither `.csv` nor `.jsonl`/`.ndjson`, or what
 * `readManifestBytes` refuses.
 */
export async function loadManifest(deps: ManifestSourceDeps, manifest: string): Promise<LoadedManifest> {
  const name = manifestFileName(manifest);
  const format = formatOf(manifest, name);
  const bytes = await readManifestBytes(deps, manifest);
  // A byte order mark is an editor's habit, not part of the first column's name.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let rows: ManifestRow[];
  try {
    rows = parseManifest(text, format);
  } catch (error: unknown) {
    if (!(error instanceof ManifestError)) throw error;
    throw malformed(manifest, error.message, error.line, error.column);
  }
  if (rows.length === 0) throw malformed(manifest, 'line 1, column 1: no SKU lines in the manifest', 1, 1);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { info: { format, total: rows.length, sha256 }, rows, firstLineOfSku: firstLinesOfSkus(rows) };
}

function formatOf(manifest: string, name: string): ManifestInfo['format'] {
  try {
    return manifestFormatOf(name);
  } catch (error: unknown) {
    if (!(error instanceof ManifestError)) throw error;
    throw nonRetryable(
      'InvalidInput',
      `manifest: '${manifest}' must be a .csv or .jsonl (.ndjson) file (${error.message})`,
      { field: 'manifest', value: manifest },
    );
  }
}

function malformed(manifest: string, message: string, line: number, column: number) {
  return nonRetryable('ManifestMalformed', `manifest '${manifest}' is malformed: ${message}`, {
    manifest,
    line,
    column,
  });
}
