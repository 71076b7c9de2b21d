/**
 * One manifest row checked into a child Director's input, in the user's words: a bad row becomes that
 * line's failure naming the column and the value, never an error for the whole catalog. Pure.
 */
import type { z } from 'zod';
import type { CatalogLineDirector, LineFailure } from '../shared/catalog';
import type { catalogDefaultsSchema } from '../shared/catalog';
import { ecommerceInputSchema, type EcommerceInput } from '../shared/ecommerce';
import { parseInput } from '../shared/parse-input';
import { productInputSchema, type ProductInput } from '../shared/product-input';
import {
  LineProblem,
  checkColumns,
  checkSku,
  directorOf,
  echo,
  imageOf,
  skuOf,
  withNumbers,
} from './line-fields';
import type { ManifestRow } from './manifest';

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
