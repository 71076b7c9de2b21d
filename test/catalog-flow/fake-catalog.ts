/**
 * The catalog's data activities over an in-memory manifest, for tests about the catalog workflow (the real
 * ones read manifests from the store and are tested on their own). Each keeps what it was asked, so a test
 * can check that every line was recorded exactly once and what was undone. The child Directors still run
 * with their real activities.
 */
import { rm } from 'node:fs/promises';
import type { Activities } from '../../src/activities';
import { reportAttempt } from '../../src/activities/report-attempt';
import type {
  CatalogFiles,
  CatalogInput,
  CatalogLine,
  CatalogSettings,
  CatalogTallies,
  CatalogUndo,
  LineRecord,
  ManifestInfo,
} from '../../src/shared/catalog';

/** What the fake catalog was asked, for the test's assertions. */
export interface FakeCatalogLog {
  records: LineRecord[];
  recordCalls: number;
  reads: { from: number; count: number }[];
  written: { title: string; tallies: CatalogTallies }[];
  undone: string[];
}

/** The fake catalog: its activities (to hand to a worker) and the log of what they were asked. */
export interface FakeCatalog {
  activities: Partial<Activities>;
  log: FakeCatalogLog;
}

/** A line ready to run as an E-commerce Director on `image`. */
export function readyLine(index: number, image: string, extra: Partial<CatalogLine> = {}): CatalogLine {
  return {
    index,
    line: index + 2,
    sku: `sku-${index}`,
    ok: true,
    director: 'ecommerce',
    input: { productImage: image },
    fingerprint: `fp-${index}`,
    ...extra,
  } as CatalogLine;
}

/** A line that failed its check. */
export function badLine(index: number, field: string, message: string): CatalogLine {
  return {
    index,
    line: index + 2,
    sku: `sku-${index}`,
    ok: false,
    failure: { type: 'InvalidLine', field, message },
  };
}

/**
 * The catalog activities over `lines`; settings come from the catalog's input, as `openCatalog` would fill
 * them. `persist`, when given, also receives every batch of records (e.g. to keep them in a file that
 * outlives a worker process).
 */
export function fakeCatalog(
  lines: CatalogLine[],
  persist?: (records: LineRecord[]) => Promise<void>,
): FakeCatalog {
  const log: FakeCatalogLog = { records: [], recordCalls: 0, reads: [], written: [], undone: [] };
  const manifest: ManifestInfo = { format: 'jsonl', total: lines.length, sha256: 'f'.repeat(64) };
  const activities = {
    openCatalog: reportAttempt(
      ({
        input,
      }: {
        catalogId: string;
        input: unknown;
      }): Promise<{
        settings: CatalogSettings;
        manifest: ManifestInfo;
      }> => {
        const given = input as CatalogInput;
        const settings: CatalogSettings = {
          manifest: given.manifest,
          title: given.title ?? 'test catalog',
          window: given.window ?? 3,
          segmentLines: given.segmentLines ?? 500,
          failureBudget: given.failureBudget ?? {},
          defaults: given.defaults ?? {},
        };
        return Promise.resolve({ settings, manifest });
      },
    ),
    readCatalogLines: reportAttempt(({ from, count }: { from: number; count: number }) => {
      log.reads.push({ from, count });
      return Promise.resolve({ lines: lines.slice(from, from + count) });
    }),
    recordCatalogLines: reportAttempt(async ({ records }: { records: LineRecord[] }) => {
      log.recordCalls += 1;
      log.records.push(...records);
      await persist?.(records);
      return { written: records.length };
    }),
    writeCatalogOutputs: reportAttempt(
      ({ catalogId, title, tallies }: { catalogId: string; title: string; tallies: CatalogTallies }) => {
        log.written.push({ title, tallies });
        const files: CatalogFiles = {
          resultsCsv: `${catalogId}/results.csv`,
          resultsJsonl: `${catalogId}/results.jsonl`,
          report: `${catalogId}/report.html`,
          contactSheets: [],
        };
        return Promise.resolve({ files });
      },
    ),
    undoCatalog: reportAttempt(async ({ catalogId }: { catalogId: string }): Promise<CatalogUndo> => {
      log.undone.push(catalogId);
      const published = log.records.filter((record) => record.status === 'published');
      for (const record of published) {
        for (const output of record.outputs) await rm(output, { force: true });
      }
      return {
        undone: published.map((r) => ({ sku: r.sku, line: r.line, objects: r.outputs.length })),
        lines: published.length,
        objects: published.reduce((sum, r) => sum + r.outputs.length, 0),
      };
    }),
  } satisfies Partial<Activities>;
  return { activities, log };
}
