import type { Connection, WorkflowHandle } from '@temporalio/client';
import type { CatalogProgress } from '../../shared/catalog';
import { catalogProgressQuery } from '../../shared/messages';
import type { Output } from '../output';
import { askSoon, type Answer } from '../run-queries';
import { awaitCatalog, type CatalogOutcome } from './catalog-outcome';
import { CatalogView } from './catalog-view';

/** How often the bar asks the catalog for its progress. */
const REFRESH_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A catalog's `progress` query (its latest run: the id stays across continue-as-new), or why there is
 * no answer. Never throws.
 */
export function queryCatalogProgress(
  connection: Connection,
  handle: WorkflowHandle,
  taskQueue: string,
  deadlineMs = 3000,
): Promise<Answer<CatalogProgress>> {
  return askSoon(connection, () => handle.query(catalogProgressQuery), taskQueue, deadlineMs);
}

/** How following a catalog ended: it closed, or the user pressed Ctrl-C (the catalog goes on). */
export type Followed = { detached: false; outcome: CatalogOutcome } | { detached: true };

/**
 * Shows a catalog's bar (done / failed / running / waiting, images per minute, ETA, cost, latest
 * failures) until it closes, across continue-as-new. Ctrl-C stops following and leaves the catalog
 * running (returns `detached`). With `--json` it draws nothing and only waits. Throws only for server
 * errors.
 */
export async function followCatalog(
  connection: Connection,
  handle: WorkflowHandle,
  taskQueue: string,
  out: Output,
): Promise<Followed> {
  const outcome = awaitCatalog(handle).then((value) => ({ detached: false as const, outcome: value }));
  let interrupted!: () => void;
  const detached = new Promise<Followed>((resolve) => (interrupted = () => resolve({ detached: true })));
  const onInterrupt = () => interrupted();
  process.once('SIGINT', onInterrupt);
  let done = false;
  const ended = Promise.race([outcome, detached]).finally(() => (done = true));
  const view = new CatalogView(out.stream);
  try {
    while (!out.json && !done) {
      const answer = await queryCatalogProgress(connection, handle, taskQueue);
      if (done) break;
      if (answer.ok) view.update(answer.value);
      else view.note(answer.reason);
      await Promise.race([ended, sleep(REFRESH_MS)]);
    }
    const followed = await ended;
    view.clear();
    return followed;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** What to type to come back to a catalog, pause it or stop it (said when following ends early). */
export function reattachHelp(workflowId: string): string[] {
  return [
    `The catalog goes on. Follow it again: director watch ${workflowId}`,
    `  pause it: director pause ${workflowId}   resume: director resume ${workflowId}`,
    `  cancel it (undoes every line): director cancel ${workflowId}`,
  ];
}
