import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERRORS } from '../../shared/errors';

const nonRetryableErrorTypes = [...NON_RETRYABLE_ERRORS];

// A cancelled step must have stopped (or finished) before its undo runs, or the undo could delete a file
// that the step writes a moment later: wait for the activity to acknowledge the cancellation.
const cancellationType = ActivityCancellationType.WAIT_CANCELLATION_COMPLETED;

// A worker that dies mid-step (or mid-undo) is noticed within this long and the step is retried on another
// worker: every activity heartbeats every 5 s while it runs (src/activities/heartbeat.ts), so the timeout
// is four beats long and only a dead or wedged worker misses it.
const HEARTBEAT_TIMEOUT = '20 seconds';

/**
 * Named activity options, one per kind of stage. Every preset has a bounded `maximumAttempts`: no activity
 * ever gets Temporal's unlimited default. Bad input and safety blocks are never retried. Every preset has
 * a heartbeat timeout, so a dead worker is noticed in seconds, not at the end of its start-to-close time.
 */
export const ACTIVITY_PRESETS = {
  /** Reading and checking input images, measuring them, asking a model about them. */
  analysis: {
    startToCloseTimeout: '2 minutes',
    cancellationType,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: {
      maximumAttempts: 4,
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '30s',
      nonRetryableErrorTypes,
    },
  },
  /** Generating or editing images with a model: slow, rate-limited, worth a few more tries. */
  generation: {
    startToCloseTimeout: '5 minutes',
    cancellationType,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: {
      maximumAttempts: 5,
      initialInterval: '2s',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes,
    },
  },
  /** Local image processing (resize, compose, measure): fast and deterministic, so few retries. */
  imageProcessing: {
    startToCloseTimeout: '2 minutes',
    cancellationType,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: {
      maximumAttempts: 3,
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '10s',
      nonRetryableErrorTypes,
    },
  },
  /** Resolving a Director's input (defaults filled in): pure and quick; bad input never retries. */
  input: {
    startToCloseTimeout: '30 seconds',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { maximumAttempts: 3, nonRetryableErrorTypes },
  },
  /** Blob store and publishing: short, idempotent writes. */
  storage: {
    startToCloseTimeout: '1 minute',
    cancellationType,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: {
      maximumAttempts: 5,
      initialInterval: '500ms',
      backoffCoefficient: 2,
      maximumInterval: '10s',
      nonRetryableErrorTypes,
    },
  },
  /** Compensations: idempotent undo, retried harder than a step because an orphan output is worse. */
  compensation: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: {
      maximumAttempts: 8,
      initialInterval: '500ms',
      backoffCoefficient: 2,
      maximumInterval: '20s',
      nonRetryableErrorTypes,
    },
  },
} as const satisfies Record<string, ActivityOptions>;

/** The name of an activity preset. */
export type ActivityPreset = keyof typeof ACTIVITY_PRESETS;
