import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { MANIFEST_FIELDS, type ManifestFormat, type ManifestRow } from '../../catalog/manifest';
import { isStoreUri } from '../../shared/store-identity';
import type { ObjectStore } from '../../storage/object-store';

/** A CSV cell, quoted when it must be (a comma, a quote, a line break, or spaces at either end). */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV columns: the known fields in their documented order, then any others in first-seen order. */
function columnsOf(rows: readonly ManifestRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.fields)) seen.add(key);
  const known: string[] = MANIFEST_FIELDS.filter((field) => seen.has(field));
  return [...known, ...[...seen].filter((key) => !known.includes(key))];
}

/**
 * The manifest written back in its own format, each line on the line number it had in the user's file
 * (blank lines fill the gaps), so the line numbers the catalog reports are the ones the user's editor
 * shows. Pure: the same rows give the same text.
 */
export function serializeManifest(rows: readonly ManifestRow[], format: ManifestFormat): string {
  const lines: string[] = [];
  const pad = (line: number) => {
    while (lines.length < line - 1) lines.push('');
  };
  if (format === 'csv') {
    const columns = columnsOf(rows);
    lines.push(columns.map(csvCell).join(','));
    for (const row of rows) {
      pad(row.line);
      // A cell with line breaks spans several lines, as it did in the user's file.
      lines.push(
        ...columns
          .map((column) => csvCell(row.fields[column]))
          .join(',')
          .split('\n'),
      );
    }
  } else {
    for (const row of rows) {
      pad(row.line);
      lines.push(JSON.stringify(row.fields));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Where a stored manifest is: its key, and the URI the catalog is started with. */
export interface StoredManifest {
  key: string;
  /** `s3://bucket/prefix/inputs/<sha256>.csv`, or `file:///…/inputs/<sha256>.csv` for a local store. */
  uri: string;
  sha256: string;
  /** False when the same manifest was there already. */
  uploaded: boolean;
}

/**
 * Puts the manifest text into `store`, content-addressed (`inputs/<sha256>.csv` or `.jsonl`: the same
 * manifest twice is the same key, written once) and returns its URI. Idempotent.
 */
export async function storeManifest(
  text: string,
  format: ManifestFormat,
  store: ObjectStore,
): Promise<StoredManifest> {
  const bytes = Buffer.from(text, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = `inputs/${sha256}.${format}`;
  const uploaded = await store.put(key, bytes, {
    ifAbsent: true,
    contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
  });
  const location = store.locate(key);
  const uri = isStoreUri(location) ? location : pathToFileURL(location).href;
  return { key, uri, sha256, uploaded };
}
