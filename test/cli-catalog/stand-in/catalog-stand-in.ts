/**
 * A stand-in for the real `catalogDirector` (built elsewhere), just enough to drive the CLI against a
 * real server: it answers `progress` with a CatalogProgress, takes `pause` / `resume` / `cancel`, continues
 * as new once on `finish` (so `watch` must follow it to the next run), and completes on the second
 * `finish` with a CatalogResult; a `cancel` ends it as Failed `CatalogCancelled` with what was undone.
 * Workflow code: deterministic, no I/O.
 */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CatalogInput, CatalogProgress, CatalogResult, CatalogUndo } from '../../../src/shared/catalog';
import { cancelSignal, catalogProgressQuery, pauseSignal, resumeSignal } from '../../../src/shared/messages';
import { directorNameKey, directorProgressKey } from '../../../src/shared/search-attributes';

/** Moves the stand-in on: the first continues as new, the second completes it. */
export const finishSignal = defineSignal('finish');
/** The input the catalog was started with (the CLI's manifest URI and settings). */
export const inputQuery = defineQuery<CatalogInput>('standInInput');

/** What the stand-in says a cancel undid. */
export const STAND_IN_UNDO: CatalogUndo = {
  undone: [
    { sku: 'SKU-1', line: 2, objects: 3 },
    { sku: 'SKU-3', line: 4, objects: 2 },
  ],
  lines: 2,
  objects: 5,
};

/** The stand-in catalog (registered under the real workflow type). */
export async function catalogDirector(input: CatalogInput): Promise<CatalogResult> {
  const segment = input.continued === undefined ? 0 : 1;
  let paused = false;
  let finished = false;
  let cancelled: string | undefined;
  upsertSearchAttributes([
    { key: directorNameKey, value: 'catalog' },
    { key: directorProgressKey, value: 33 + segment * 33 },
  ]);
  const progress = (): CatalogProgress => ({
    kind: 'catalog',
    catalogId: workflowInfo().workflowId,
    title: input.title ?? 'untitled',
    status: cancelled !== undefined ? 'cancelling' : paused ? 'paused' : 'running',
    total: 3,
    done: 1 + segment,
    failed: 1,
    running: paused || segment === 1 ? 0 : 1,
    waiting: 0,
    segment,
    imagesPerMinute: 4,
    etaSeconds: paused ? null : 90,
    costUsd: 0.0421,
    latestFailures: [{ sku: 'SKU-2', line: 3, type: 'InvalidLine', message: 'image: no such file' }],
    tallies: {
      total: 3,
      published: 1 + segment,
      skipped: 0,
      failed: 0,
      invalid: 1,
      cancelled: 0,
      images: 2,
      costUsd: 0.0421,
    },
  });
  setHandler(catalogProgressQuery, progress);
  setHandler(inputQuery, () => input);
  setHandler(pauseSignal, () => void (paused = true));
  setHandler(resumeSignal, () => void (paused = false));
  setHandler(cancelSignal, ({ reason }) => void (cancelled = reason ?? 'cancelled'));
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished || cancelled !== undefined);
  if (cancelled !== undefined) {
    throw ApplicationFailure.create({
      type: 'CatalogCancelled',
      message: `catalog cancelled: ${cancelled}`,
      nonRetryable: true,
      details: [{ undo: STAND_IN_UNDO }],
    });
  }
  if (segment === 0)
    await continueAsNew<typeof catalogDirector>({ ...input, continued: { segment: 1 } as never });
  const { tallies } = progress();
  return {
    catalogId: workflowInfo().workflowId,
    title: input.title ?? 'untitled',
    tallies,
    files: {
      resultsCsv: '/store/catalogs/x/results.csv',
      resultsJsonl: '/store/catalogs/x/results.jsonl',
      report: '/store/catalogs/x/report.html',
      contactSheets: ['/store/catalogs/x/contact-sheet-1.jpg'],
    },
    segments: 2,
  };
}
