/**
 * Catalog Director: a manifest of SKUs, each line run as a child E-commerce or Product Director.
 *
 *   open manifest ─► window loop (≤ window lines in flight) ─► flush records ─► write outputs ─► result
 *                      │  invalid line → recorded, skipped (already published) → recorded, no child
 *                      └► every `segmentLines` lines (or when Temporal suggests it): continue as new,
 *                         carrying the cursor, the tallies and the lines still in flight
 *   cancel (signal or Temporal): children cancelled and compensated ─► undoCatalog ─► ends cancelled
 *   failure budget exceeded: no new line starts, lines in flight finish ─► outputs ─► BudgetExceeded
 *
 * `pause` / `resume` stop and restart the starting of lines; `progress` reports counts, rate, ETA, cost.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  workflowInfo,
} from '@temporalio/workflow';
import type { CatalogCarry, CatalogInput, CatalogLine, CatalogResult } from '../shared/catalog';
import { CatalogBook, FLUSH_EVERY } from './catalog/catalog-book';
import { cancelCatalog, finishCatalog, settleBeforeFailing } from './catalog/catalog-endings';
import { continuedFrom, openCatalog, ownFailure } from './catalog/catalog-opening';
import { recordOfInvalid, recordOfSkipped } from './catalog/line-records';
import { catalogActivities } from './engine/activity-proxies';

/** Lines read per `readCatalogLines` call, at least: a page feeds the window for a while. */
const MIN_PAGE = 25;

/** Runs a catalog's lines through a bounded window of child Directors; see the diagram above. */
export async function catalogDirector(rawInput: CatalogInput): Promise<CatalogResult> {
  const catalogId = workflowInfo().workflowId;
  const carry = continuedFrom(rawInput) ?? (await openCatalog(catalogId, rawInput));
  const scope = new CancellationScope();
  const book = new CatalogBook(catalogId, carry, () => scope.cancel());
  try {
    return await scope.run(() => runCatalog(book, carry));
  } catch (error: unknown) {
    if (error instanceof ContinueAsNew) throw error;
    if (!isCancellation(error)) {
      await CancellationScope.nonCancellable(() => settleBeforeFailing(book));
      if (book.phase !== 'failed') book.enter('failed');
      throw ownFailure(error);
    }
    const undone = await CancellationScope.nonCancellable(() => cancelCatalog(book));
    if (book.cancelReason === undefined) throw error;
    throw ApplicationFailure.create({
      type: 'CatalogCancelled',
      message: `cancelled by signal: ${book.cancelReason}; undid ${undone.lines} published lines (${undone.objects} objects)`,
      nonRetryable: true,
      details: [undone],
    });
  }
}

async function runCatalog(book: CatalogBook, carry: CatalogCarry): Promise<CatalogResult> {
  const { settings, manifest, window } = book;
  for (const line of carry.inFlight) window.follow(line);
  const pageSize = Math.max(settings.window * 2, MIN_PAGE);
  let page: CatalogLine[] = [];
  let taken = 0;
  for (;;) {
    if (book.pendingRecords >= FLUSH_EVERY) await book.flush();
    const suggested = workflowInfo().continueAsNewSuggested;
    if (book.budgetExceeded || book.cursor >= manifest.total) {
      // Nothing more to start: let the lines in flight finish (in the next segment if history is long).
      if (window.size === 0) break;
      if (suggested) return continueAsNext(book);
      await book.nextChange();
      continue;
    }
    // The segment is full: continue as new now, with whatever is in flight carried along.
    if (taken >= settings.segmentLines || suggested) return continueAsNext(book);
    if (book.paused) {
      if (window.size === 0 && book.pendingRecords > 0) await book.flush();
      else await book.nextChange();
      continue;
    }
    if (window.size >= settings.window) {
      await book.nextChange();
      continue;
    }
    if (page.length === 0) {
      const count = Math.min(pageSize, settings.segmentLines - taken, manifest.total - book.cursor);
      page = await readLines(book, count);
    }
    const line = page.shift() as CatalogLine;
    book.cursor = line.index + 1;
    taken += 1;
    const now = new Date(Date.now()).toISOString();
    if (!line.ok) book.settle(recordOfInvalid(line, now));
    else if (line.published) book.settle(recordOfSkipped(line, now));
    else window.start(line);
  }
  return finishCatalog(book);
}

/** Reads the next lines from the cursor; throws if the manifest has fewer lines than it had when opened. */
async function readLines(book: CatalogBook, count: number): Promise<CatalogLine[]> {
  const { lines } = await catalogActivities.readCatalogLines({
    catalogId: book.catalogId,
    settings: book.settings,
    manifest: book.manifest,
    from: book.cursor,
    count,
  });
  if (lines.length === 0 || lines[0]?.index !== book.cursor) {
    throw ApplicationFailure.create({
      type: 'ManifestMalformed',
      message: `the manifest gave no line ${book.cursor + 1} of ${book.manifest.total}: was it changed while the catalog ran?`,
      nonRetryable: true,
    });
  }
  return lines;
}

/**
 * Continues as new with the lines in flight carried along (not drained: their children keep running,
 * abandoned by this run, and the next run follows them). Waits until every child's start is confirmed (a
 * start still in the air could not be followed by id), stores every pending record and lets handlers
 * finish; the carry is taken in the same step as the last check that no record is pending, so every line
 * is either stored here or carried, never both.
 */
async function continueAsNext(book: CatalogBook): Promise<never> {
  await condition(() => !book.window.starting);
  for (;;) {
    await book.flush();
    await condition(allHandlersFinished);
    if (book.pendingRecords === 0) break;
  }
  return continueAsNew<typeof catalogDirector>({ manifest: book.settings.manifest, continued: book.carry() });
}
