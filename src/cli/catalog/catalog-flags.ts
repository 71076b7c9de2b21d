import { ApplicationFailure } from '@temporalio/common';
import { catalogInputSchema, type CatalogInput } from '../../shared/catalog';
import { parseInput } from '../../shared/parse-input';
import { usageError } from '../exit-codes';

/** Flags of `director run catalog` (commander's parsed options). */
export interface CatalogFlags {
  manifest?: string;
  window?: string;
  segmentLines?: string;
  maxFailureRatio?: string;
  director?: string;
  style?: string;
  brand?: string;
  title?: string;
  id?: string;
  /** Start it and return (print the id) instead of showing its progress. */
  detach?: boolean;
  /** Put local images into the store even when it is a local folder (always done for a bucket). */
  upload?: boolean;
  taskQueue?: string;
}

/** A whole-number flag within bounds, or a usage error naming the flag and what was typed. */
function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max)
    throw usageError(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`);
  return value;
}

/** A fraction flag (0..1), or a usage error naming the flag and what was typed. */
function fraction(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)
    throw usageError(`${flag} must be a number from 0 to 1, e.g. 0.1 (got ${JSON.stringify(text)})`);
  return value;
}

const FLAG_OF: Record<string, string> = {
  window: '--window',
  segmentLines: '--segment-lines',
  'failureBudget.maxFailureRatio': '--max-failure-ratio',
  'defaults.director': '--director',
  'defaults.style': '--style',
  'defaults.brand': '--brand',
  title: '--title',
};

/**
 * The catalog's settings from the flags, everything but the manifest's store URI, checked against the
 * workflow's own schema so a mistake fails here (exit 2) naming the flag and the value, before the
 * manifest is read or anything is uploaded. Throws a usage CliError.
 */
export function catalogSettingsFromFlags(flags: CatalogFlags): Omit<CatalogInput, 'manifest'> {
  const window = wholeNumber('--window', flags.window, 1, 64);
  const segmentLines = wholeNumber('--segment-lines', flags.segmentLines, 2, 5000);
  const maxFailureRatio = fraction('--max-failure-ratio', flags.maxFailureRatio);
  const defaults = {
    ...(flags.director !== undefined ? { director: flags.director } : {}),
    ...(flags.style !== undefined ? { style: flags.style } : {}),
    ...(flags.brand !== undefined ? { brand: flags.brand } : {}),
  };
  const settings = {
    ...(flags.title !== undefined ? { title: flags.title } : {}),
    ...(window !== undefined ? { window } : {}),
    ...(segmentLines !== undefined ? { segmentLines } : {}),
    ...(maxFailureRatio !== undefined ? { failureBudget: { maxFailureRatio } } : {}),
    ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
  };
  try {
    // A placeholder manifest: only the flags are checked here; the manifest is checked when it is read.
    parseInput(catalogInputSchema, { manifest: 'manifest.csv', ...settings }, 'catalog', (at) => {
      const field = at.map(String).join('.');
      return FLAG_OF[field] ?? field;
    });
  } catch (error: unknown) {
    if (error instanceof ApplicationFailure) throw usageError(error.message);
    throw error;
  }
  return settings as Omit<CatalogInput, 'manifest'>;
}
