/**
 * The checks of a manifest row's own fields: known columns, the SKU (well-formed, not repeated), the
 * Director, the image reference, and CSV cells read as numbers. Each failure is a `LineProblem` naming the
 * column in the manifest's words. Pure.
 */
import type { CatalogLineDirector } from '../shared/catalog';
import { CATALOG_DIRECTORS } from '../shared/catalog';
import { nearestKey } from '../shared/nearest-key';
import { isStoreUri } from '../shared/store-identity';
import { MANIFEST_FIELDS, type ManifestRow } from './manifest';

/** A SKU: what a child workflow id `<catalog id>/<sku>` and a file name can both carry. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** A relative store key (`inputs/<sha256>.jpg`): safe segments, none of them `.` or `..`. */
const STORE_KEY = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Columns holding numbers: a CSV cell is text, so `1600` is read as the number it says. */
const NUMBER_COLUMNS = new Set(['canvasSize', 'size', 'detailCount', 'costCapUsd']);

/** Thrown by a row's checks to end the check with the row's failure: the column, and what is wrong. */
export class LineProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The first line of each SKU in the manifest, for `checkLine`'s duplicate check: a map of the well-formed
 * SKUs to the line they first appear on. Pure.
 */
export function firstLinesOfSkus(rows: readonly ManifestRow[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const row of rows) {
    const sku = skuOf(row.fields.sku);
    if (sku !== undefined && !first.has(sku)) first.set(sku, row.line);
  }
  return first;
}

/** Refuses a column (a JSONL key) that is not a manifest field, with the one most likely meant. */
export function checkColumns(fields: Record<string, unknown>): void {
  for (const key of Object.keys(fields)) {
    if ((MANIFEST_FIELDS as readonly string[]).includes(key)) continue;
    const near = nearestKey(key, MANIFEST_FIELDS);
    const hint = near ? `did you mean "${near}"?` : `known columns: ${MANIFEST_FIELDS.join(', ')}`;
    throw new LineProblem(key, `${key}: unknown column (${hint})`);
  }
}

/** A SKU as text (a JSONL line may give a whole number); undefined when there is none to name the line by. */
export function skuOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

/** The line's SKU, checked: present, well-formed, and not on an earlier line. */
export function checkSku(value: unknown, line: number, firstLines: ReadonlyMap<string, number>): string {
  const sku = skuOf(value);
  if (sku === undefined) {
    throw new LineProblem(
      'sku',
      value === undefined ? 'sku: missing' : `sku: must be text (got ${echo(value)})`,
    );
  }
  if (!SKU_PATTERN.test(sku)) {
    throw new LineProblem(
      'sku',
      `sku: must start with a letter or digit and hold only letters, digits and . _ : - (at most 100) (got ${echo(sku)})`,
    );
  }
  const first = firstLines.get(sku);
  if (first !== undefined && first !== line) {
    throw new LineProblem('sku', `sku: ${echo(sku)} appears again: first on line ${first}`);
  }
  return sku;
}

/** The line's Director: as given, else product when a productType is, else the catalog's default, else ecommerce. */
export function directorOf(
  fields: Record<string, unknown>,
  defaults: { director?: CatalogLineDirector | undefined },
): CatalogLineDirector {
  const given = fields.director;
  if (given !== undefined) {
    if (typeof given === 'string' && (CATALOG_DIRECTORS as readonly string[]).includes(given)) {
      return given as CatalogLineDirector;
    }
    throw new LineProblem(
      'director',
      `director: must be one of ${CATALOG_DIRECTORS.join(', ')} (got ${echo(given)})`,
    );
  }
  if (fields.productType !== undefined) return 'product';
  return defaults.director ?? 'ecommerce';
}

/** The image as the child reads it: an s3:// or file:// URI or an absolute path as given, a store key as its URI. */
export function imageOf(value: unknown, storeUri: string): string {
  if (value === undefined) throw new LineProblem('image', 'image: missing');
  if (typeof value !== 'string' || value.trim() === '') {
    throw new LineProblem(
      'image',
      `image: must be a store key, an s3:// or file:// URI or a path (got ${echo(value)})`,
    );
  }
  if (isStoreUri(value)) {
    if (/^(s3|file):\/\//i.test(value)) return value;
    throw new LineProblem('image', `image: only s3:// and file:// URIs are read (got ${echo(value)})`);
  }
  if (value.startsWith('/')) return value;
  if (STORE_KEY.test(value)) return `${storeUri.replace(/[?#].*$/, '').replace(/\/+$/, '')}/${value}`;
  throw new LineProblem(
    'image',
    `image: neither a store key (inputs/<sha256>.jpg), an s3:// or file:// URI nor an absolute path (got ${echo(value)})`,
  );
}

/**
 * The fields with number columns' text read as numbers: a CSV cell is text, and `1600` means the number
 * (anything else stays text, so the schema names it with the value as given).
 */
export function withNumbers(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      NUMBER_COLUMNS.has(key) && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : value;
  }
  return out;
}

/** A value as the user gave it, cut to a readable length. */
export function echo(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= 60 ? json : `${json.slice(0, 60)}…`;
}
