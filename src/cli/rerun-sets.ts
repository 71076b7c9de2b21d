import type { z } from 'zod';
import { DIRECTOR_INPUT_SCHEMAS } from '../activities/input';
import type { DirectorName } from '../shared/names';
import { parseInput } from '../shared/parse-input';
import { usageError } from './exit-codes';

type Json = Record<string, unknown>;

/** One `--set key=value`: the input path it sets, the value, and the text the user typed (for messages). */
export interface InputSet {
  path: string[];
  value: unknown;
  typed: string;
}

/** Friendly names of input fields, per Director, as `run`'s flags spell them. */
const ALIASES: Record<DirectorName, Record<string, string>> = {
  creative: { count: 'batchCount' },
  ecommerce: { canvas: 'canvasSize' },
  product: { type: 'productType', size: 'options.size', brand: 'options.brand' },
};

/**
 * Reads `--set key=value` texts: the key is a dotted input path (`validation.maxRounds`) or an alias
 * (`count` → `batchCount`); the value is JSON when it parses as JSON (`8`, `true`, `"8"`), else the text
 * itself. Throws a usage error naming the text when there is no `=` or no key.
 */
export function parseSets(director: DirectorName, texts: readonly string[]): InputSet[] {
  return texts.map((typed) => {
    const at = typed.indexOf('=');
    const key = at < 0 ? '' : typed.slice(0, at).trim();
    if (!key || key.split('.').some((part) => part === ''))
      throw usageError(
        `--set expects key=value, e.g. --set mood="warm linen" (got ${JSON.stringify(typed)})`,
      );
    const text = typed.slice(at + 1);
    const path = (ALIASES[director][key] ?? key).split('.');
    return { path, value: jsonOrText(text), typed };
  });
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The earlier input with the sets applied (copied, never changed in place), checked against the Director's
 * own schema: an unknown key or a bad value is a usage error naming the `--set` that caused it. Pure.
 */
export function applySets(director: DirectorName, earlier: Json, sets: readonly InputSet[]): Json {
  const input = structuredClone(earlier);
  for (const set of sets) {
    let target = input;
    for (const part of set.path.slice(0, -1)) {
      if (!isObject(target[part])) target[part] = {};
      target = target[part] as Json;
    }
    target[set.path.at(-1) as string] = set.value;
  }
  const namer = (at: readonly PropertyKey[]) => {
    const set = sets.find((s) => s.path.length <= at.length && s.path.every((part, i) => at[i] === part));
    const name = at.length > 0 ? at.map(String).join('.') : '(input)';
    return set ? `--set ${set.typed.slice(0, set.typed.indexOf('='))} (${name})` : name;
  };
  try {
    parseInput(DIRECTOR_INPUT_SCHEMAS[director] as z.ZodType, input, director, namer);
  } catch (error: unknown) {
    throw usageError((error as Error).message);
  }
  return input;
}
