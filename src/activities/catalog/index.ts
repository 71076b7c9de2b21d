/**
 * The catalog's activities: opening and reading its manifest, keeping its line records and the ledger of
 * published lines (never pay twice), writing its own outputs, undoing it on cancel, and waiting for lines
 * carried across continue-as-new.
 */
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

const notBuilt = (name: string): Promise<never> => {
  return Promise.reject(new Error(`${name} is not built yet`));
};

/** The catalog's activities, closed over the worker's dependencies. */
export function createCatalogActivities(deps: ActivityDeps) {
  void deps;
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
      void input;
      return notBuilt('openCatalog');
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
      void input;
      return notBuilt('readCatalogLines');
    },
    /** Stores settled lines' records; a published line also enters the ledger (first publication wins). */
    recordCatalogLines(input: { catalogId: string; records: LineRecord[] }): Promise<{ written: number }> {
      void input;
      return notBuilt('recordCatalogLines');
    },
    /** Writes the results (CSV and JSONL), the paged contact sheet and `report.html` from the line records. */
    writeCatalogOutputs(input: {
      catalogId: string;
      title: string;
      tallies: CatalogTallies;
    }): Promise<{ files: CatalogFiles }> {
      void input;
      return notBuilt('writeCatalogOutputs');
    },
    /** Undoes a cancelled catalog: its published lines' outputs, their ledger entries, its records and outputs. */
    undoCatalog(input: { catalogId: string }): Promise<CatalogUndo> {
      void input;
      return notBuilt('undoCatalog');
    },
    /** Waits (heartbeating) for a line's child Director started by an earlier segment, and says how it ended. */
    awaitCatalogLine(input: { workflowId: string }): Promise<{ outcome: LineOutcome }> {
      return awaitCatalogLine(input);
    },
  };
}
