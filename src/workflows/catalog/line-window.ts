import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  CancellationScope,
  ChildWorkflowCancellationType,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  startChild,
} from '@temporalio/workflow';
import type { CarriedLine, CatalogLine, LineOutcome } from '../../shared/catalog';
import { WORKFLOW_TYPES } from '../../shared/names';
import { CATALOG_LINE_PRIORITY } from '../../shared/priority';
import { lineWaiter } from '../engine/activity-proxies';
import { describeFailure } from '../engine/describe-failure';
import { settleAll } from '../engine/settle-siblings';
import { lineOutcomeOfFailure, lineOutcomeOfResult } from './line-outcome';
import type { LinePlace } from './line-records';

type ReadyLine = Extract<CatalogLine, { ok: true }>;

/** A line in flight: its place, whether its child's start is still unconfirmed, and how it is followed. */
interface RunningLine extends LinePlace {
  starting: boolean;
  /**
   * Followed from outside (carried from an earlier segment, or a run already under way when its start was
   * asked for): this run's scope cannot cancel it, so a cancel is sent to it by id.
   */
  external: boolean;
}

/** The child workflow id of a catalog line: derived from its catalog's id and the line's SKU. */
export function lineWorkflowId(catalogId: string, sku: string): string {
  return `${catalogId}/${sku}`;
}

/**
 * The catalog's lines in flight. Starts each line as a child Director, or follows a line carried from an
 * earlier segment with the `awaitCatalogLine` activity, and calls `onSettled` exactly once per line when
 * its child has ended (completed, failed, or acknowledged its cancellation). The caller bounds how many are
 * in flight; the window only counts them.
 *
 * Children are started with:
 * - `parentClosePolicy: ABANDON`, so they outlive this run when the catalog continues as new (the next run
 *   follows them) — and a terminated catalog leaves them to finish (a rerun attaches to them, see below);
 * - `cancellationType: WAIT_CANCELLATION_COMPLETED`, so a cancelled child has run its compensations before
 *   its line settles, and the catalog's undo never races a child that can still write;
 * - `workflowIdReusePolicy: ALLOW_DUPLICATE`, so a rerun of a catalog under the same id can run a line again
 *   whose earlier child closed: a failed line, or one whose publication a cancel undid. A line still
 *   published is skipped by the ledger before any start, so this never pays twice. A child still running
 *   under the id (left by a terminated run of the catalog) makes the start fail; the line then attaches to
 *   that run instead of starting a second one.
 */
export class LineWindow {
  private readonly running = new Map<number, RunningLine>();
  private cancelling = false;

  constructor(
    private readonly catalogId: string,
    private readonly onSettled: (place: LinePlace, outcome: LineOutcome) => void,
  ) {}

  /** Lines in flight. */
  get size(): number {
    return this.running.size;
  }

  /** Whether a child's start is still unconfirmed: such a line cannot be carried yet. */
  get starting(): boolean {
    for (const line of this.running.values()) if (line.starting) return true;
    return false;
  }

  /** The lines in flight, as the next segment follows them. */
  carried(): CarriedLine[] {
    return [...this.running.values()].map(({ index, line, sku, workflowId, fingerprint }) => ({
      index,
      line,
      sku,
      workflowId,
      fingerprint,
    }));
  }

  /**
   * Starts a line's child Director in the current cancellation scope: cancelling that scope cancels the
   * child, and its line settles once the child has compensated.
   */
  start(line: ReadyLine): void {
    const entry: RunningLine = {
      index: line.index,
      line: line.line,
      sku: line.sku,
      workflowId: lineWorkflowId(this.catalogId, line.sku),
      fingerprint: line.fingerprint,
      starting: true,
      external: false,
    };
    this.running.set(entry.index, entry);
    void this.childOutcome(line, entry).then((outcome) => this.settle(entry, outcome));
  }

  /** Follows a line an earlier segment started, until its child ends. */
  follow(line: CarriedLine): void {
    const entry: RunningLine = { ...line, starting: false, external: true };
    this.running.set(entry.index, entry);
    void this.awaitExternal(entry).then((outcome) => this.settle(entry, outcome));
  }

  /**
   * Asks every line followed from outside to cancel (the in-segment children are cancelled by their scope),
   * and every line attached from now on. Their lines settle when their children have compensated.
   */
  async cancelExternal(): Promise<void> {
    this.cancelling = true;
    const external = [...this.running.values()].filter((line) => line.external);
    await settleAll(external.map((line) => requestCancel(line.workflowId)));
  }

  private async childOutcome(line: ReadyLine, entry: RunningLine): Promise<LineOutcome> {
    let child;
    try {
      child = await startChild(WORKFLOW_TYPES[line.director], {
        workflowId: entry.workflowId,
        args: [line.input],
        priority: CATALOG_LINE_PRIORITY,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
    } catch (error: unknown) {
      // Already running under this id: follow that run rather than start a second one.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return this.awaitExternal(entry);
      // Cancelled while its start was unconfirmed: the child may exist; follow it (and cancel it) by id.
      if (isCancellation(error)) return this.awaitExternal(entry);
      return lineOutcomeOfFailure(error);
    } finally {
      entry.starting = false;
    }
    return child.result().then(lineOutcomeOfResult, lineOutcomeOfFailure);
  }

  private async awaitExternal(entry: RunningLine): Promise<LineOutcome> {
    entry.external = true;
    if (this.cancelling) await requestCancel(entry.workflowId);
    try {
      // Not cancellable: a cancelled catalog still waits for the child to acknowledge its cancellation.
      const { outcome } = await CancellationScope.nonCancellable(() =>
        lineWaiter.awaitCatalogLine({ workflowId: entry.workflowId }),
      );
      return outcome;
    } catch (error: unknown) {
      return lineOutcomeOfFailure(error);
    }
  }

  private settle(entry: RunningLine, outcome: LineOutcome): void {
    this.running.delete(entry.index);
    this.onSettled(entry, outcome);
  }
}

/** Asks a child to cancel by id; one that has already ended (or never started) needs nothing. */
async function requestCancel(workflowId: string): Promise<void> {
  try {
    await CancellationScope.nonCancellable(() => getExternalWorkflowHandle(workflowId).cancel());
  } catch (error: unknown) {
    log.info('a catalog line had nothing left to cancel', { workflowId, error: describeFailure(error) });
  }
}
