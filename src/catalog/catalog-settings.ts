import type { CatalogSettings, catalogInputSchema } from '../shared/catalog';
import type { z } from 'zod';

/** Lines per continue-as-new segment when the input does not say. */
export const DEFAULT_SEGMENT_LINES = 500;

/** The window without a configured quota: a few lines at once, as a laptop's local model manages. */
export const DEFAULT_WINDOW = 8;

/**
 * Seconds a typical line spends between starting and settling on a remote model (analysis, one image,
 * composition, check, publish). With a quota of Q images a minute and about one image a line, Little's law
 * puts Q × this / 60 lines in flight when the quota is just kept busy.
 */
export const TYPICAL_LINE_SECONDS = 30;

/** Bounds of the window a quota sizes: never a single line at once, never more than the queues can pace. */
const WINDOW_BOUNDS = { min: 2, max: 32 } as const;

/** The default window for an image quota (images a minute); `DEFAULT_WINDOW` without one. Pure. */
export function defaultWindow(imageQuotaPerMinute: number | undefined): number {
  if (imageQuotaPerMinute === undefined || !(imageQuotaPerMinute > 0)) return DEFAULT_WINDOW;
  const sized = Math.ceil((imageQuotaPerMinute * TYPICAL_LINE_SECONDS) / 60);
  return Math.min(WINDOW_BOUNDS.max, Math.max(WINDOW_BOUNDS.min, sized));
}

/**
 * The catalog's settings with every default filled in: the title (the manifest's file name), the window
 * (sized to the quota), the segment length, an empty failure budget and no line defaults. Pure.
 */
export function catalogSettings(
  input: z.output<typeof catalogInputSchema>,
  imageQuotaPerMinute: number | undefined,
): CatalogSettings {
  return {
    manifest: input.manifest,
    title: input.title ?? manifestFileName(input.manifest),
    window: input.window ?? defaultWindow(imageQuotaPerMinute),
    segmentLines: input.segmentLines ?? DEFAULT_SEGMENT_LINES,
    failureBudget: input.failureBudget ?? {},
    defaults: input.defaults ?? {},
  };
}

/** The last part of a manifest's key, path or URI (`s3://b/p/season.csv?x` → `season.csv`). Pure. */
export function manifestFileName(manifest: string): string {
  const bare = manifest.replace(/[?#].*$/, '').replace(/[/\\]+$/, '');
  const name = bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1);
  return name.slice(0, 120) || 'catalog';
}
