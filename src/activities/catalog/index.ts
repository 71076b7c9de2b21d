/**
 * The catalog's activities: opening and reading its manifest, keeping its line records and the ledger of
 * published lines (never pay twice), writing its own outputs, undoing it on cancel, and waiting for lines
 * carried across continue-as-new.
 */
import { openCatalog } from './open-catalog';
import { readCatalogLines } from './read-lines';
import { recordCatalogLines } from './record-lines';
import { undoCatalog } from './undo-catalog';
import { writeCatalogOutputs } from './write-outputs';
import type {
  CatalogFiles,
  CatalogLine,
  CatalogSettings,
  CatalogTallies,
  CatalogUndo,
  LineOutcome,
  LineRecord,
  ManifestInfo,
} from '../../shared/catalog';
import type { ActivityDeps } from '../deps';
import { awaitCatalogLine } from './await-line';

/** The catalog's activities, closed over the worker's dependencies. */
export function createCatalogActivities(deps: ActivityDeps) {
  return {
    /**
     * Checks the catalog's input and its manifest before any work: fills in defaults (window sized to the
     * image quota), and fails with `InvalidInput`, `ManifestNotFound` or `ManifestMalformed` (line and
     * column) at once.
     */
    openCatalog(input: {
      catalogId: string;
      input: unknown;
    }): Promise<{ settings: CatalogSettings; manifest: ManifestInfo }> {
      return openCatalog(deps, input);
    },
    /**
     * Reads `count` SKU lines from `from`: each checked (a bad line is that line's failure, named field),
     * resolved to its Director's input, fingerprinted and looked up in the ledger of published lines.
     */
    readCatalogLines(input: {
      catalogId: string;
      settings: CatalogSettings;
      manifest: ManifestInfo;
      from: number;
      count: number;
    }): Promise<{ lines: CatalogLine[] }> {
      return readCatalogLines(deps, input);
    },
    /** Stores settled lines' records; a published line also enters the ledger (first publication wins). */
    recordCatalogLines(input: { catalogId: string; records: LineRecord[] }): Promise<{ written: number }> {
      return recordCatalogLines(deps, input);
    },
    /** Writes the results (CSV and JSONL), the paged contact sheet and `report.html` from the line records. */
    writeCatalogOutputs(input: {
      catalogId: string;
      title: string;
      tallies: CatalogTallies;
    }): Promise<{ files: CatalogFiles }> {
      return writeCatalogOutputs(deps, input);
    },
    /** Undoes a cancelled catalog: its published lines' outputs, their ledger entries, its records and outputs. */
    undoCatalog(input: { catalogId: string }): Promise<CatalogUndo> {
      return undoCatalog(deps, input);
    },
    /** Waits (heartbeating) for a line's child Director started by an earlier segment, and says how it ended. */
    awaitCatalogLine(input: { workflowId: string }): Promise<{ outcome: LineOutcome }> {
      return awaitCatalogLine(input);
    },
  };
}
