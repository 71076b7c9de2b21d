/**
 * The catalog: a manifest of SKUs (CSV or JSONL), each line run as a child E-commerce or Product Director
 * with id `<catalog id>/<sku>`, through a bounded window, continuing as new every few hundred lines.
 * Plain data shared by the workflow, its activities and the CLI.
 */
import { z } from 'zod';
import type { EcommerceInput } from './ecommerce';
import { CATALOG_DIRECTORS } from './names';
import type { ProductInput } from './product-input';

export { CATALOG_DIRECTORS };

/** A catalog line's Director. */
export type CatalogLineDirector = (typeof CATALOG_DIRECTORS)[number];

/** How many failed lines a catalog tolerates before it stops starting new ones (like `fanOut`'s budget). */
export const catalogFailureBudgetSchema = z.strictObject({
  /** At least this many lines must be published (or skipped as already published). */
  minSuccesses: z.number().int().min(0).optional(),
  /** At most this fraction (0..1) of the manifest's lines may fail. */
  maxFailureRatio: z.number().min(0).max(1).optional(),
});

/** What every line gets unless it says otherwise. */
export const catalogDefaultsSchema = z.strictObject({
  director: z.enum(CATALOG_DIRECTORS).optional(),
  style: z.string().min(1).optional(),
  brand: z.string().min(1).max(80).optional(),
  productType: z.string().min(1).optional(),
});

/** Catalog Director input, as users, the CLI and any Temporal client send it. */
export const catalogInputSchema = z.strictObject({
  /**
   * The manifest: a store URI (`s3://bucket/prefix/inputs/<sha256>.csv`, `file:///…`) or a key in the
   * worker's store. `.csv` (header row: sku,image,director,productType,style,brand,…) or `.jsonl`.
   */
  manifest: z.string().min(1),
  /** Shown in the report and the CLI; the manifest's file name when absent. */
  title: z.string().min(1).max(120).optional(),
  /** Lines in flight at once; default sized to the image quota (`DIRECTOR_IMAGE_QUOTA`). */
  window: z.number().int().min(1).max(64).optional(),
  /** Lines per continue-as-new segment: keeps every run's history small at any catalog size. */
  segmentLines: z.number().int().min(2).max(5000).optional(),
  failureBudget: catalogFailureBudgetSchema.optional(),
  defaults: catalogDefaultsSchema.optional(),
  /** Set only by the catalog itself when it continues as new: where the previous run stopped. */
  continued: z.custom<CatalogCarry>((value) => typeof value === 'object' && value !== null).optional(),
});

/** Catalog Director input (before defaults). */
export type CatalogInput = z.input<typeof catalogInputSchema>;

/** The catalog's settings with every default filled in (by `openCatalog`, recorded in history). */
export interface CatalogSettings {
  manifest: string;
  title: string;
  window: number;
  segmentLines: number;
  failureBudget: z.infer<typeof catalogFailureBudgetSchema>;
  defaults: z.infer<typeof catalogDefaultsSchema>;
}

/** What `openCatalog` learnt of the manifest: its format, its number of SKU lines and its content hash. */
export interface ManifestInfo {
  format: 'csv' | 'jsonl';
  /** SKU lines (data rows; a CSV's header and blank lines are not counted). */
  total: number;
  sha256: string;
}

/** A line's failure, in the user's words: which field was wrong and why. */
export interface LineFailure {
  type: string;
  message: string;
  field?: string;
}

/** A line an earlier catalog (or this one) already published with the same inputs. */
export interface PriorPublication {
  catalogId: string;
  sku: string;
  workflowId: string;
  /** Published files (paths or store URIs). */
  outputs: string[];
  publishedAt: string;
}

/** One manifest line, read and checked: ready to run, or failed as it stands. */
export type CatalogLine =
  | {
      /** 0-based position among the manifest's SKU lines. */
      index: number;
      /** 1-based line number in the file, as an editor shows it. */
      line: number;
      sku: string;
      ok: true;
      director: CatalogLineDirector;
      input: EcommerceInput | ProductInput;
      /** Hash of everything that decides the line's output: image content, Director, settings, model, prompts. */
      fingerprint: string;
      /** Set when a line with this fingerprint was already published: the line is skipped, nothing is paid. */
      published?: PriorPublication;
    }
  | { index: number; line: number; sku?: string; ok: false; failure: LineFailure };

/** How a line ended. */
export type LineStatus = 'published' | 'skipped' | 'failed' | 'invalid' | 'cancelled';

/** What the catalog keeps of each settled line (in the store; the results file is made from these). */
export interface LineRecord {
  index: number;
  line: number;
  sku: string;
  status: LineStatus;
  workflowId?: string;
  fingerprint?: string;
  failure?: LineFailure;
  /** Published files (paths or store URIs); for a skipped line, the earlier publication's. */
  outputs: string[];
  costUsd: number;
  /** The most attempts any stage of the line needed (0 for lines that never ran). */
  attempts: number;
  /** E.g. "already published by catalog X (sku Y) at …". */
  note?: string;
  settledAt: string;
}

/** How a child Director ended, as the catalog sees it. */
export interface LineOutcome {
  status: 'published' | 'failed' | 'cancelled';
  failure?: LineFailure;
  outputs: string[];
  costUsd: number;
  attempts: number;
  images: number;
}

/** The catalog's counts. `done` = published + skipped. */
export interface CatalogTallies {
  total: number;
  published: number;
  skipped: number;
  failed: number;
  invalid: number;
  cancelled: number;
  images: number;
  costUsd: number;
}

/** A line started in an earlier segment and still running when the catalog continued as new. */
export interface CarriedLine {
  index: number;
  line: number;
  sku: string;
  workflowId: string;
  fingerprint: string;
}

/** What a catalog carries into its next segment. */
export interface CatalogCarry {
  settings: CatalogSettings;
  manifest: ManifestInfo;
  /** Next manifest index to read. */
  cursor: number;
  tallies: CatalogTallies;
  inFlight: CarriedLine[];
  paused: boolean;
  /** 0-based segment number of the run being started. */
  segment: number;
  /** Workflow time the catalog started, ms since the epoch (for rates and the ETA). */
  startedAtMs: number;
  latestFailures: LatestFailure[];
}

/** A recent failure, shown by `progress` and `director watch`. */
export interface LatestFailure {
  sku: string;
  line: number;
  type: string;
  message: string;
}

/** The catalog as it stands (the `progress` query of a catalog). */
export interface CatalogProgress {
  kind: 'catalog';
  catalogId: string;
  title: string;
  status:
    | 'running'
    | 'pausing'
    | 'paused'
    | 'cancelling'
    | 'writing-results'
    | 'completed'
    | 'failed'
    | 'cancelled';
  total: number;
  /** Published or skipped as already published. */
  done: number;
  /** Failed or invalid lines. */
  failed: number;
  running: number;
  waiting: number;
  segment: number;
  imagesPerMinute: number;
  /** Seconds left at the current rate; null before the first line settles or while paused. */
  etaSeconds: number | null;
  costUsd: number;
  latestFailures: LatestFailure[];
  tallies: CatalogTallies;
}

/** The catalog's own outputs: results files, contact sheet pages and report, as paths or store URIs. */
export interface CatalogFiles {
  resultsCsv: string;
  resultsJsonl: string;
  report: string;
  contactSheets: string[];
}

/** A line whose work a cancel undid. */
export interface UndoneLine {
  sku: string;
  line: number;
  /** Objects removed for it. */
  objects: number;
}

/** What `undoCatalog` removed. */
export interface CatalogUndo {
  /** The first lines undone (bounded list), in manifest order. */
  undone: UndoneLine[];
  lines: number;
  objects: number;
}

/** Catalog Director result. */
export interface CatalogResult {
  catalogId: string;
  title: string;
  tallies: CatalogTallies;
  files: CatalogFiles;
  segments: number;
}
