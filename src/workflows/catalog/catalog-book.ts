import { CancellationScope, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import type {
  CatalogCarry,
  CatalogProgress,
  CatalogSettings,
  CatalogTallies,
  LatestFailure,
  LineOutcome,
  LineRecord,
  ManifestInfo,
} from '../../shared/catalog';
import { cancelSignal, catalogProgressQuery, pauseSignal, resumeSignal } from '../../shared/messages';
import { catalogActivities } from '../engine/activity-proxies';
import { allowedFailures } from '../engine/fan-out';
import { catalogProgress, percentSettled } from './catalog-progress';
import { createCatalogPublisher } from './catalog-visibility';
import { addLatestFailure, addRecord, failedLines, recordOfOutcome, type LinePlace } from './line-records';
import { LineWindow } from './line-window';

/** Where the catalog is, beside running: the status it shows once it stops starting lines for good. */
export type CatalogPhase =
  'running' | 'cancelling' | 'writing-results' | 'completed' | 'failed' | 'cancelled';

/** Settled lines' records are stored in batches of about this many, to keep activities per line low. */
export const FLUSH_EVERY = 20;

/**
 * A catalog run's state: what it carried in (cursor, tallies, paused, segment, latest failures), its lines
 * in flight, the records of settled lines not yet stored, and its handlers: `progress`, `pause`, `resume`
 * and `cancel`. Every change the main loop may wait for bumps `version`.
 */
export class CatalogBook {
  readonly settings: CatalogSettings;
  readonly manifest: ManifestInfo;
  readonly window: LineWindow;
  readonly segment: number;
  readonly startedAtMs: number;
  /** Next manifest index to take. */
  cursor: number;
  paused: boolean;
  phase: CatalogPhase = 'running';
  /** Set by the `cancel` signal (Temporal's own cancellation leaves it unset). */
  cancelReason: string | undefined;
  private tallies: CatalogTallies;
  private latestFailures: LatestFailure[];
  private records: LineRecord[] = [];
  private version = 0;
  private readonly publish = createCatalogPublisher();

  /** Registers the handlers; `onCancel` is called when the `cancel` signal arrives. */
  constructor(
    readonly catalogId: string,
    carry: CatalogCarry,
    onCancel: () => void,
  ) {
    this.settings = carry.settings;
    this.manifest = carry.manifest;
    this.cursor = carry.cursor;
    this.tallies = carry.tallies;
    this.paused = carry.paused;
    this.segment = carry.segment;
    this.startedAtMs = carry.startedAtMs;
    this.latestFailures = carry.latestFailures;
    this.window = new LineWindow(catalogId, (place, outcome) => this.settleRun(place, outcome));
    setHandler(catalogProgressQuery, () => this.progress());
    setHandler(pauseSignal, ({ by }) => this.setPaused(true, by));
    setHandler(resumeSignal, ({ by }) => this.setPaused(false, by));
    setHandler(cancelSignal, ({ reason }) => {
      this.cancelReason = reason?.trim() || 'no reason given';
      onCancel();
    });
    this.show();
  }

  /** The catalog's counts so far. */
  get counts(): CatalogTallies {
    return this.tallies;
  }

  /** How many failed and invalid lines the failure budget allows. */
  get allowedFailures(): number {
    return allowedFailures(this.tallies.total, this.settings.failureBudget);
  }

  /** Whether more lines failed than the budget allows: no further line starts. */
  get budgetExceeded(): boolean {
    return failedLines(this.tallies) > this.allowedFailures;
  }

  /** Records of settled lines not yet stored. */
  get pendingRecords(): number {
    return this.records.length;
  }

  /** Counts a settled line that needed no child (invalid or skipped). */
  settle(record: LineRecord, images = 0): void {
    this.tallies = addRecord(this.tallies, record, images);
    this.latestFailures = addLatestFailure(this.latestFailures, record);
    this.records.push(record);
    this.changed();
  }

  /** Resolves when anything the main loop decides on may have changed (or continuing as new is suggested). */
  async nextChange(): Promise<void> {
    const seen = this.version;
    await condition(() => this.version !== seen || workflowInfo().continueAsNewSuggested);
  }

  /**
   * Stores the pending records (`recordCatalogLines`). Not cancellable: a record being written when a
   * cancel arrives is still written, so the undo sees every published line. On failure the records are
   * kept for the next attempt and the failure is rethrown.
   */
  async flush(): Promise<void> {
    while (this.records.length > 0) {
      const batch = this.records.splice(0, this.records.length);
      try {
        await CancellationScope.nonCancellable(() =>
          catalogActivities.recordCatalogLines({ catalogId: this.catalogId, records: batch }),
        );
      } catch (error: unknown) {
        this.records.unshift(...batch);
        throw error;
      }
    }
  }

  /** Moves to a later phase and shows it. */
  enter(phase: CatalogPhase): void {
    this.phase = phase;
    this.changed();
  }

  /** What the next segment starts from; `inFlight` are the lines still running now. */
  carry(): CatalogCarry {
    return {
      settings: this.settings,
      manifest: this.manifest,
      cursor: this.cursor,
      tallies: this.tallies,
      inFlight: this.window.carried(),
      paused: this.paused,
      segment: this.segment + 1,
      startedAtMs: this.startedAtMs,
      latestFailures: this.latestFailures,
    };
  }

  /** The `progress` snapshot. */
  progress(): CatalogProgress {
    return catalogProgress(
      {
        catalogId: this.catalogId,
        title: this.settings.title,
        status: this.status(),
        tallies: this.tallies,
        running: this.window.size,
        segment: this.segment,
        startedAtMs: this.startedAtMs,
        latestFailures: this.latestFailures,
      },
      Date.now(),
    );
  }

  private status(): CatalogProgress['status'] {
    if (this.phase !== 'running') return this.phase;
    if (!this.paused) return 'running';
    return this.window.size > 0 ? 'pausing' : 'paused';
  }

  private settleRun(place: LinePlace, outcome: LineOutcome): void {
    this.settle(recordOfOutcome(place, outcome, new Date(Date.now()).toISOString()), outcome.images);
  }

  private setPaused(paused: boolean, by: string | undefined): void {
    if (this.paused === paused) return;
    log.info(paused ? 'catalog paused' : 'catalog resumed', {
      catalogId: this.catalogId,
      by: by ?? 'unknown',
    });
    this.paused = paused;
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    this.show();
  }

  private show(): void {
    this.publish(this.progress(), percentSettled(this.tallies));
  }
}
