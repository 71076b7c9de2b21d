/**
 * The short local steps at the ends of a Director (loading the brand guide, publishing, writing the run
 * report) as local activities (removing intermediates is not one: see cleanup.ts): they run on the worker that runs the workflow,
 * inside the workflow task that reached them, so each saves the server an activity task and the worker a
 * workflow task (bench figure 4 counts them per run). The Web UI shows each one as a local activity (a
 * `MarkerRecorded` event with its name and summary); the stage table, `progress`, `director status`, the
 * search attributes and the run report come from the workflow's own tracker, as before.
 */
import {
  patched,
  proxyLocalActivities,
  type ActivityInterfaceFor,
  type ActivityOptions,
  type LocalActivityInterfaceFor,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { ACTIVITY_PRESETS, type ActivityPreset } from './activity-presets';
import { analysisProxy, processingProxy, storage } from './activity-proxies';

/** Patch id: runs started since take their short local steps as local activities. */
export const SHORT_STEPS_PATCH = 'local-activities';

/** A proxy of the Director's activities, ordinary or local (called the same way). */
export type StepProxy = ActivityInterfaceFor<Activities> | LocalActivityInterfaceFor<Activities>;

/** Where a Director's short local steps go, decided once at its start. */
export interface ShortSteps {
  /** `loadBrandGuide` (preset `analysis`). */
  brand: StepProxy;
  /** `publishImages` (preset `storage`); `removeRunIntermediates` stays an ordinary activity (cleanup.ts). */
  storage: StepProxy;
  /** `writeRunReport` (preset `imageProcessing`). */
  processing: StepProxy;
  /**
   * Whether the finished run removes its intermediates (the `remove-intermediates` patch), asked at the
   * start on this branch; `undefined` on the old one, which asks at the end as it always did.
   */
  removesIntermediates: boolean | undefined;
}

/**
 * A preset as local activity options: the same timeouts, retry policy and cancellation type. Local
 * activities have no heartbeat timeout (their worker is the workflow's; a dead one fails the workflow
 * task, which is retried with the step).
 */
function asLocal(preset: ActivityPreset): LocalActivityOptions {
  const options: ActivityOptions = { ...ACTIVITY_PRESETS[preset] };
  delete options.heartbeatTimeout;
  return options;
}

const local = {
  brand: proxyLocalActivities<Activities>(asLocal('analysis')),
  storage: proxyLocalActivities<Activities>(asLocal('storage')),
  processing: proxyLocalActivities<Activities>(asLocal('imageProcessing')),
};

/**
 * Decides where the short local steps go; call once, at the Director's start (both `patched()` calls sit
 * there, before any local activity, so a local activity that outlives its workflow task can never move a
 * patch marker to another task between execution and replay). Runs recorded before `local-activities`
 * keep ordinary activities and ask `remove-intermediates` at their end, as they did.
 */
export function shortSteps(): ShortSteps {
  if (!patched(SHORT_STEPS_PATCH)) {
    return { brand: analysisProxy, storage, processing: processingProxy, removesIntermediates: undefined };
  }
  return { ...local, removesIntermediates: patched('remove-intermediates') };
}
