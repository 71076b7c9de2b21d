/** How a catalog ends: its outputs written, undone after a cancel, or settled before a failure of its own. */
import { ApplicationFailure, condition, log } from '@temporalio/workflow';
import type { CatalogResult, CatalogUndo } from '../../shared/catalog';
import { catalogActivities } from '../engine/activity-proxies';
import { describeFailure } from '../engine/describe-failure';
import type { CatalogBook } from './catalog-book';
import { settledLines } from './line-records';

/** Stores the last records and writes the catalog's outputs; fails with `BudgetExceeded` if it was. */
export async function finishCatalog(book: CatalogBook): Promise<CatalogResult> {
  book.enter('writing-results');
  await book.flush();
  const tallies = book.counts;
  const { files } = await catalogActivities.writeCatalogOutputs({
    catalogId: book.catalogId,
    title: book.settings.title,
    tallies,
  });
  if (book.budgetExceeded) {
    book.enter('failed');
    const notStarted = tallies.total - settledLines(tallies);
    throw ApplicationFailure.create({
      type: 'BudgetExceeded',
      message:
        `${tallies.failed + tallies.invalid} of ${tallies.total} lines failed (${tallies.failed} failed, ` +
        `${tallies.invalid} invalid; at most ${book.allowedFailures} allowed): ${notStarted} lines were not ` +
        `started; the ${tallies.published} published and ${tallies.skipped} skipped stay published`,
      nonRetryable: true,
      details: [{ tallies, files }],
    });
  }
  book.enter('completed');
  return {
    catalogId: book.catalogId,
    title: book.settings.title,
    tallies,
    files,
    segments: book.segment + 1,
  };
}

/**
 * Undoes a cancelled catalog, not cancellable itself: the lines followed by id are asked to cancel (the
 * ones started in this run were cancelled with its scope), every line in flight is awaited until its child
 * has compensated (nothing can write any more), the records are stored, then `undoCatalog` removes what
 * the catalog published.
 */
export async function cancelCatalog(book: CatalogBook): Promise<CatalogUndo> {
  book.enter('cancelling');
  await book.window.cancelExternal();
  await condition(() => book.window.size === 0);
  await book.flush();
  const undone = await catalogActivities.undoCatalog({ catalogId: book.catalogId });
  book.enter('cancelled');
  return undone;
}

/**
 * Before the catalog fails for a reason of its own (not its budget: the manifest cannot be read, a record
 * cannot be stored), its lines in flight finish and their records are stored if they can be: a published
 * line the ledger never heard of would be paid for again by the next run.
 */
export async function settleBeforeFailing(book: CatalogBook): Promise<void> {
  await condition(() => book.window.size === 0);
  try {
    await book.flush();
  } catch (error: unknown) {
    log.error('the records of the last lines could not be stored', {
      catalogId: book.catalogId,
      lines: book.pendingRecords,
      error: describeFailure(error),
    });
  }
}
