/**
 * One manifest row checked into a child Director's input, in the user's words: a bad row becomes that
 * line's failure naming the column and the value, never an error for the whole catalog. Pure.
 */
import type { z } from 'zod';
import type { CatalogLineDirector, LineFailure } from '../shared/catalog';
import { CATALOG_DIRECTORS, type catalogDefaultsSchema } from '../shared/catalog';
import { ecommerceInputSchema, type EcommerceInput } from '../shared/ecommerce';
import { nearestKey } from '../shared/nearest-key';
import { parseInput } from '../shared/parse-input';
import { productInputSchema, type ProductInput } from '../shared/product-input';
import { isStoreUri } from '../shared/store-identity';
import { MANIFEST_FIELDS, type ManifestRow } from './manifest';

/** A SKU: what a child workflow id `<catalog id>/<sku>` and a file name can both carry. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** A relative store key (`inputs/<sha256>.jpg`): safe segments, none of them `.` or `..`. */
const STORE_KEY = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Columns holding numbers: a CSV cell is text, so `1600` is read as the number it says. */
const NUMBER_COLUMNS = new Set(['canvasSize', 'size', 'detailCount', 'costCapUsd']);

/** The columns each Director takes besides `sku`, `image` and `director`. */
const DIRECTOR_COLUMNS: Record<CatalogLineDirector, readonly string[]> = {
  ecommerce: ['style', 'canvasSize', 'brand', 'costCapUsd'],
  product: ['productType', 'size', 'detailCount', 'brand', 'costCapUsd'],
};

/** A row that checked out: its Director's input, and the settings of it that decide the output. */
export interface CheckedLine {
  ok: true;
  index: number;
  line: number;
  sku: string;
  director: CatalogLineDirector;
  input: EcommerceInput | ProductInput;
  /** The image as the child reads it: a store URI or an absolute path. */
  image: string;
  /** The image as the manifest gave it, for messages. */
  imageGiven: string;
  /** The parsed input without the image and the cost cap (which never changes a picture), defaults filled. */
  settings: Record<string, unknown>;
}

/** A row that did not: its failure, typed `InvalidLine`, naming the column. */
export interface BadLine {
  ok: false;
  index: number;
  line: number;
  sku?: string;
  failure: LineFailure;
}

/** What every row is checked with. */
export interface LineContext {
  defaults: z.infer<typeof catalogDefaultsSchema>;
  /** The worker's store identity: a store key becomes `<store>/<key>`. */
  storeUri: string;
  /** The first manifest line each SKU appeared on (a later row with the same SKU is a bad line). */
  firstLineOfSku: ReadonlyMap<string, number>;
}

/** Thrown inside the checks below to end a row's check with its failure. */
class LineProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks one manifest row into a Director input, or says what is wrong with it (column and value). */
export function checkLine(row: ManifestRow, context: LineContext): CheckedLine | BadLine {
  const { index, line } = row;
  const sku = skuOf(row.fields.sku);
  try {
    checkColumns(row.fields);
    const checkedSku = checkSku(row.fields.sku, line, context.firstLineOfSku);
    const director = directorOf(row.fields, context.defaults);
    const image = imageOf(row.fields.image, context.storeUri);
    const fields = withNumbers(row.fields);
    const built =
      director === 'ecommerce'
        ? ecommerceInput(fields, image, context)
        : productInput(fields, image, context);
    const imageGiven = String(row.fields.image);
    return { ok: true, index, line, sku: checkedSku, director, image, imageGiven, ...built };
  } catch (error: unknown) {
    if (!(error instanceof LineProblem)) throw error;
    const failure: LineFailure = { type: 'InvalidLine', field: error.field, message: error.message };
    return { ok: false, index, line, ...(sku !== undefined ? { sku } : {}), failure };
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

function checkColumns(fields: Record<string, unknown>): void {
  for (const key of Object.keys(fields)) {
    if ((MANIFEST_FIELDS as readonly string[]).includes(key)) continue;
    const near = nearestKey(key, MANIFEST_FIELDS);
    const hint = near ? `did you mean "${near}"?` : `known columns: ${MANIFEST_FIELDS.join(', ')}`;
    throw new LineProblem(key, `${key}: unknown column (${hint})`);
  }
}

// A SKU as text (a JSONL line may give a whole number); undefined when there is none to name the line by.
function skuOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

function checkSku(value: unknown, line: number, firstLines: ReadonlyMap<string, number>): string {
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

function directorOf(fields: Record<string, unknown>, defaults: LineContext['defaults']): CatalogLineDirector {
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

function imageOf(value: unknown, storeUri: string): string {
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

// CSV cells are text: a number column's cell that reads as a number becomes one (anything else stays
// text, so the schema names it with the value as given).
function withNumbers(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      NUMBER_COLUMNS.has(key) && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : value;
  }
  return out;
}

function checkUnused(fields: Record<string, unknown>, director: CatalogLineDirector): void {
  const allowed = new Set(['sku', 'image', 'director', ...DIRECTOR_COLUMNS[director]]);
  for (const key of Object.keys(fields)) {
    if (!allowed.has(key)) {
      throw new LineProblem(
        key,
        `${key}: the ${director} Director takes no ${key} (got ${echo(fields[key])})`,
      );
    }
  }
}

function ecommerceInput(
  fields: Record<string, unknown>,
  image: string,
  { defaults }: LineContext,
): Pick<CheckedLine, 'input' | 'settings'> {
  checkUnused(fields, 'ecommerce');
  const style = fields.style ?? defaults.style;
  const brand = fields.brand ?? defaults.brand;
  const raw: Record<string, unknown> = {
    productImage: image,
    ...(style !== undefined ? { style } : {}),
    ...(fields.canvasSize !== undefined ? { canvasSize: fields.canvasSize } : {}),
    ...(brand !== undefined ? { brand } : {}),
    ...(fields.costCapUsd !== undefined ? { costCapUsd: fields.costCapUsd } : {}),
  };
  const parsed = checked(ecommerceInputSchema, raw);
  return { input: raw as EcommerceInput, settings: outputSettings(parsed) };
}

function productInput(
  fields: Record<string, unknown>,
  image: string,
  { defaults }: LineContext,
): Pick<CheckedLine, 'input' | 'settings'> {
  checkUnused(fields, 'product');
  const productType = fields.productType ?? defaults.productType;
  const brand = fields.brand ?? defaults.brand;
  const options: Record<string, unknown> = {
    ...(fields.size !== undefined ? { size: fields.size } : {}),
    ...(fields.detailCount !== undefined ? { detailCount: fields.detailCount } : {}),
    ...(brand !== undefined ? { brand } : {}),
  };
  const raw: Record<string, unknown> = {
    productImage: image,
    ...(productType !== undefined ? { productType } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...(fields.costCapUsd !== undefined ? { costCapUsd: fields.costCapUsd } : {}),
  };
  const parsed = checked(productInputSchema, raw);
  return { input: raw as ProductInput, settings: outputSettings(parsed) };
}

// The parsed input without what never changes a picture: the image's name (its content is hashed
// instead) and the cost cap.
function outputSettings(parsed: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(parsed).filter(([key]) => key !== 'productImage' && key !== 'costCapUsd'),
  );
}

// The manifest's column for a path in a Director's input: the user wrote `image` and `size`, not
// `productImage` and `options.size`.
function columnOf(path: readonly PropertyKey[]): string {
  const [head, next] = path;
  if (head === 'productImage') return 'image';
  if (head === 'options' && typeof next === 'string') return next;
  return path.length > 0 ? path.map(String).join('.') : '(line)';
}

/** The input parsed by its Director's own schema; a `LineProblem` naming the first bad column otherwise. */
function checked<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const field = columnOf(issues[0]?.path ?? []);
  try {
    parseInput(schema, raw, 'line', columnOf);
  } catch (error: unknown) {
    const details = (error as { details?: unknown[] }).details?.[0] as { problems?: string[] } | undefined;
    // parseInput names one problem per issue, in order; a value that was not given is said to be missing.
    const problems = details?.problems?.map((problem, at) =>
      issues[at] && issues[at].input === undefined && !problem.includes('(got ')
        ? `${problem} (missing)`
        : problem,
    );
    throw new LineProblem(field, problems?.join('; ') ?? (error as Error).message);
  }
  throw new LineProblem(field, `${field}: invalid`);
}

/** A value as the user gave it, cut to a readable length. */
function echo(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= 60 ? json : `${json.slice(0, 60)}…`;
}
