import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { creativeInputSchema } from '../shared/creative-input';
import { ecommerceInputSchema } from '../shared/ecommerce';
import type { DirectorName } from '../shared/names';
import { parseInput, type FieldNamer } from '../shared/parse-input';
import { productInputSchema } from '../shared/product-input';
import { isStoreUri } from '../shared/store-identity';
import { usageError } from './exit-codes';
import { userDirectory, userPath } from './user-path';

/** Flags of `director run <director>` (commander's parsed options). */
export interface RunFlags {
  input?: string;
  image?: string;
  style?: string;
  canvas?: string;
  brand?: string;
  ref?: string[];
  mood?: string;
  count?: string;
  size?: string;
  type?: string;
  approval?: boolean;
  approvalTimeout?: string;
  /** `approval.maxReviewRounds`: review rounds in which candidates may be redone. */
  reviewRounds?: string;
  /** Creative: reuse nothing from the stage cache (`reuse: false`). */
  fresh?: boolean;
  /** The run's cost cap in dollars (`costCapUsd`). */
  costCap?: string;
  /** How long a run paused for budget waits for `director budget --raise` (`budgetTimeout`). */
  budgetTimeout?: string;
  /** Upload local images into the store even when it is a local folder (always done for a remote one). */
  upload?: boolean;
  wait: boolean;
}

const SCHEMAS = {
  ecommerce: ecommerceInputSchema,
  creative: creativeInputSchema,
  product: productInputSchema,
};

type Json = Record<string, unknown>;

/** One flag: where its value goes in the Director's input, and how it reads the typed text. */
interface FlagField {
  flag: string;
  path: readonly string[];
  value: (flags: RunFlags) => unknown;
}

/** A number flag's value; a word where a number belongs is refused here, naming the flag and the word. */
const numberFlag =
  (flag: string, read: (flags: RunFlags) => string | undefined) =>
  (flags: RunFlags): number | undefined => {
    const text = read(flags);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      throw usageError(`${flag} must be a number (got ${JSON.stringify(text)})`);
    return value;
  };

/** The budget flags every Director takes. */
const BUDGET_FIELDS: readonly FlagField[] = [
  { flag: '--cost-cap', path: ['costCapUsd'], value: numberFlag('--cost-cap', (f) => f.costCap) },
  { flag: '--budget-timeout', path: ['budgetTimeout'], value: (f) => f.budgetTimeout },
];

/** Every flag of each Director, and the input field it sets: messages name the flag the user typed. */
const FLAG_FIELDS: Record<DirectorName, readonly FlagField[]> = {
  ecommerce: [
    ...BUDGET_FIELDS,
    { flag: '--image', path: ['productImage'], value: (f) => f.image },
    { flag: '--style', path: ['style'], value: (f) => f.style },
    { flag: '--canvas', path: ['canvasSize'], value: numberFlag('--canvas', (f) => f.canvas) },
    { flag: '--brand', path: ['brand'], value: (f) => f.brand },
  ],
  creative: [
    ...BUDGET_FIELDS,
    { flag: '--ref', path: ['referenceImages'], value: (f) => f.ref },
    { flag: '--brand', path: ['brand'], value: (f) => f.brand },
    { flag: '--mood', path: ['mood'], value: (f) => f.mood },
    { flag: '--count', path: ['batchCount'], value: numberFlag('--count', (f) => f.count) },
    { flag: '--size', path: ['size'], value: numberFlag('--size', (f) => f.size) },
    { flag: '--approval', path: ['approval', 'required'], value: (f) => (f.approval ? true : undefined) },
    { flag: '--approval-timeout', path: ['approval', 'timeout'], value: (f) => f.approvalTimeout },
    {
      flag: '--review-rounds',
      path: ['approval', 'maxReviewRounds'],
      value: numberFlag('--review-rounds', (f) => f.reviewRounds),
    },
    { flag: '--fresh', path: ['reuse'], value: (f) => (f.fresh ? false : undefined) },
  ],
  product: [
    ...BUDGET_FIELDS,
    { flag: '--image', path: ['productImage'], value: (f) => f.image },
    { flag: '--type', path: ['productType'], value: (f) => f.type },
    { flag: '--size', path: ['options', 'size'], value: numberFlag('--size', (f) => f.size) },
    { flag: '--brand', path: ['options', 'brand'], value: (f) => f.brand },
  ],
};

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base` with `over` laid on top, object by object: `--size` changes `options.size`, not all of `options`. */
function deepMerge(base: Json, over: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    merged[key] = isObject(below) && isObject(value) ? deepMerge(below, value) : value;
  }
  return merged;
}

function setAt(target: Json, at: readonly string[], value: unknown): void {
  const [head, ...rest] = at as [string, ...string[]];
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const inner = isObject(target[head]) ? target[head] : {};
  target[head] = inner;
  setAt(inner, rest, value);
}

/**
 * Image paths made absolute from `folder`: the worker may run anywhere. Store URIs (`s3://…`) and blob
 * references stay as they are.
 */
function resolveImages(input: Json, folder: string): Json {
  const resolve = (source: unknown) =>
    typeof source === 'string' && !isStoreUri(source) ? path.resolve(folder, source) : source;
  return {
    ...input,
    ...(input.productImage !== undefined ? { productImage: resolve(input.productImage) } : {}),
    ...(Array.isArray(input.referenceImages)
      ? { referenceImages: (input.referenceImages as unknown[]).map(resolve) }
      : {}),
  };
}

/** The `--input` file's JSON object; paths in it are relative to the file, as in the settings file. */
async function readInputFile(file: string): Promise<Json> {
  const absolute = userPath(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(absolute, 'utf8'));
  } catch (error: unknown) {
    throw usageError(`cannot use --input ${file}: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw usageError(`--input ${file} must hold one JSON object (a Director's input)`);
  return resolveImages(parsed, path.dirname(absolute));
}

/** Names a field by the flag that set it (`--count`), or by its path when it came from `--input`. */
function flagNamer(given: readonly FlagField[]): FieldNamer {
  return (at) => {
    const field = given.find((f) => f.path.every((part, i) => at[i] === part));
    return field ? field.flag : at.length > 0 ? at.map(String).join('.') : '(input)';
  };
}

/**
 * Builds a Director's input from `--input file.json` (if given) with the flags laid over it, resolves
 * image paths (typed ones from the folder the user is in, the file's from the file's folder) and checks it
 * against the workflow's own schema, so a mistake fails here naming the flag or the field. Throws a usage
 * CliError for a bad flag or file, `InvalidInput` (an ApplicationFailure) for an input the schema refuses.
 */
export async function buildInput(director: DirectorName, flags: RunFlags): Promise<Json> {
  const base = flags.input ? await readInputFile(flags.input) : {};
  const fromFlags: Json = {};
  const given: FlagField[] = [];
  for (const field of FLAG_FIELDS[director]) {
    const value = field.value(flags);
    if (value === undefined) continue;
    setAt(fromFlags, field.path, value);
    given.push(field);
  }
  const input = deepMerge(base, resolveImages(fromFlags, userDirectory()));
  const approval = input.approval;
  if (flags.approvalTimeout !== undefined && !(isObject(approval) && approval.required === true))
    throw usageError('--approval-timeout applies only with --approval (or "approval": {"required": true})');
  if (flags.reviewRounds !== undefined && !(isObject(approval) && approval.required === true))
    throw usageError('--review-rounds applies only with --approval (or "approval": {"required": true})');
  parseInput(SCHEMAS[director] as z.ZodType, input, director, flagNamer(given));
  return input;
}

/** A short business key (brand, style or product type) for the workflow id. */
export function businessKey(director: DirectorName, input: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (director === 'product') return text(input.productType) ?? 'product';
  return text(input.brand) ?? text(input.style) ?? director;
}
