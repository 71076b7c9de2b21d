import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { renderCatalogReport } from '../../catalog/catalog-report';
import { drawContactPages, type SheetTile } from '../../catalog/contact-pages';
import { readRecords } from '../../catalog/line-records';
import { isProductImage, outputKeyOf } from '../../catalog/output-location';
import { resultsCsv, resultsJsonl } from '../../catalog/results-files';
import type { CatalogFiles, CatalogTallies, LineRecord } from '../../shared/catalog';
import { runKeyOf } from '../../shared/run-key';
import type { OutputCollection } from '../../storage/run-outputs';
import type { ActivityDeps } from '../deps';
import { throwIfCancelled } from '../heartbeat';
import { catalogStores } from './catalog-stores';

/** The catalog's own files, beside its lines' outputs in `<runKeyOf(catalogId)>/`. */
export const CATALOG_FILE_NAMES = {
  resultsCsv: 'results.csv',
  resultsJsonl: 'results.jsonl',
  report: 'report.html',
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'application/jsonl; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
};

/**
 * Writes the catalog's own outputs from its line records: `results.csv` and `results.jsonl` (one row per
 * line: SKU, status, failure, outputs, cost, attempts, note), contact sheet pages of every published image
 * (and of skipped lines' earlier images) as `contact-sheet-001.png`, …, and `report.html` (tallies, failures
 * grouped by type, cost), in the output collection under `<runKeyOf(catalogId)>/`. Idempotent: the same
 * names are replaced, pages left over from an earlier attempt are removed. Undone by `undoCatalog`.
 * Heartbeats while it draws; writes nothing once cancelled. Throws what the store throws.
 */
export async function writeCatalogOutputs(
  deps: Pick<ActivityDeps, 'objects' | 'outputs' | 'model'>,
  request: { catalogId: string; title: string; tallies: CatalogTallies },
): Promise<{ files: CatalogFiles }> {
  const { objects, outputs } = catalogStores(deps);
  const { catalogId, title, tallies } = request;
  const records = await readRecords(objects, catalogId);
  const folder = `${outputs.prefix}${runKeyOf(catalogId)}/`;
  const publish = async (name: string, bytes: Uint8Array): Promise<string> => {
    throwIfCancelled();
    const key = `${folder}${name}`;
    const contentType = CONTENT_TYPES[path.extname(name)];
    await outputs.store.put(key, bytes, contentType ? { contentType } : {});
    return outputs.store.locate(key);
  };

  const resultsCsvAt = await publish(CATALOG_FILE_NAMES.resultsCsv, Buffer.from(resultsCsv(records), 'utf8'));
  const resultsJsonlAt = await publish(
    CATALOG_FILE_NAMES.resultsJsonl,
    Buffer.from(resultsJsonl(records), 'utf8'),
  );

  const sheetsAt: string[] = [];
  const pages = await drawContactPages(
    deps.model,
    sheetTiles(records),
    (location) => readOutput(outputs, location),
    async (name, sheet) => {
      sheetsAt.push(await publish(name, sheet.bytes));
      Context.current().heartbeat();
    },
    (tile, why) => {
      Context.current().log.warn('contact sheet leaves out an image', { sku: tile.label, why });
    },
  );
  await removeStalePages(outputs, folder, pages);

  const html = renderCatalogReport({
    title,
    catalogId,
    generatedAt: new Date().toISOString(),
    tallies,
    records,
    files: { ...CATALOG_FILE_NAMES, contactSheets: pages },
  });
  const reportAt = await publish(CATALOG_FILE_NAMES.report, Buffer.from(html, 'utf8'));
  return {
    files: {
      resultsCsv: resultsCsvAt,
      resultsJsonl: resultsJsonlAt,
      report: reportAt,
      contactSheets: sheetsAt,
    },
  };
}

/** Every image of a published or skipped line, labelled with its SKU (and file name when it has several). */
function sheetTiles(records: readonly LineRecord[]): SheetTile[] {
  return records
    .filter((record) => record.status === 'published' || record.status === 'skipped')
    .flatMap((record) => {
      const images = record.outputs.filter(isProductImage);
      return images.map((location) => ({
        label: images.length === 1 ? record.sku : `${record.sku} · ${path.basename(location)}`,
        location,
      }));
    });
}

/** A published file's bytes: from the output collection, or (a local path outside it) from the disk. */
async function readOutput(outputs: OutputCollection, location: string): Promise<Buffer | undefined> {
  const key = outputKeyOf(outputs, location);
  if (key !== undefined) return outputs.store.get(key);
  if (!path.isAbsolute(location)) return undefined;
  return readFile(location).catch(() => undefined);
}

/** Removes pages an earlier attempt wrote beyond the ones written now (the catalog's records are final). */
async function removeStalePages(
  outputs: OutputCollection,
  folder: string,
  pages: readonly string[],
): Promise<void> {
  const listed = await outputs.store.list(`${folder}contact-sheet-`);
  const stale = listed.map((o) => o.key).filter((key) => !pages.includes(key.slice(folder.length)));
  if (stale.length > 0) await outputs.store.delete(stale);
}
