import { createHash } from 'node:crypto';

/** What identifies one stage's result: the stage, its code version, the model, and the stage's inputs. */
export interface StageKeyParts {
  /** The stage's id, e.g. `prompt-writing`. */
  stage: string;
  /** Bumped when the stage's code would answer the same inputs differently. */
  version: string;
  /** The model's id and version (`gemini`, `gemini-2.5-flash+…/v1`): another model is another answer. */
  model: { id: string; version?: string | undefined };
  /** The stage's inputs and parameters as plain JSON, images as their content hashes. */
  inputs: unknown;
}

/**
 * The stage cache key of a stage's inputs: sha256 (hex) over the canonical JSON of the parts, so the same
 * inputs in any key order give the same key. Pure.
 */
export function stageKey(parts: StageKeyParts): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

/**
 * JSON with every object's keys sorted and `undefined` fields left out, so two equal values always read
 * the same. Throws for a value JSON cannot hold (a function, a bigint, a non-finite number).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot key a non-finite number (${value})`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`).join(',')}}`;
  }
  throw new Error(`cannot key a ${typeof value}`);
}
