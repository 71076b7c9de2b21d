import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERRORS } from '../../shared/errors';

const nonRetryableErrorTypes = [...NON_RETRYABLE_ERRORS];

// Every catalog activity heartbeats every 5 s (src/activities/heartbeat.ts): a dead worker is noticed in
// four beats and the activity is retried on another worker.
const HEARTBEAT_TIMEOUT = '20 seconds';

/**
 * Named options of the catalog's own activities. Bounded retries everywhere; bad manifests and bad input
 * never retry.
 */
export const CATALOG_PRESETS = {
  /**
   * Opening and reading the manifest, storing line records, writing the results and the contact sheet,
   * undoing a cancelled catalog: store reads and idempotent writes. The outputs of a large catalog (a
   * contact sheet of thousands of images) take minutes, hence the long start-to-close.
   */
  catalog: {
    startToCloseTimeout: '15 minutes',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: {
      maximumAttempts: 6,
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '30s',
      nonRetryableErrorTypes,
    },
  },
  /**
   * Waiting for a line's child Director that an earlier segment started: as long as a Director may run.
   * A retry only waits again (it pays nothing), so it may retry more than a step would.
   */
  lineWait: {
    startToCloseTimeout: '6 hours',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: {
      maximumAttempts: 20,
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes,
    },
  },
} as const satisfies Record<string, ActivityOptions>;
