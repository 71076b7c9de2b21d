/**
 * The activity proxies every Director shares, one per preset. The model-calling ones (`analysisProxy`,
 * `generationProxy`, `processingProxy`) are meant to be wrapped with `run.paid(…)` so their cost is
 * metered; `storage` and `undo` are used as they are (they call no model).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { ACTIVITY_PRESETS } from './activity-presets';

/** Reading, checking and analysing images (preset `analysis`). */
export const analysisProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.analysis);

/** Generating and editing images with a model (preset `generation`). */
export const generationProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.generation);

/** Local image processing: judging, rendering, reports (preset `imageProcessing`). */
export const processingProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.imageProcessing);

/** Blob store and publishing writes (preset `storage`). */
export const storage = proxyActivities<Activities>(ACTIVITY_PRESETS.storage);

/** Compensations: idempotent undo of what a step wrote (preset `compensation`). */
export const undo = proxyActivities<Activities>(ACTIVITY_PRESETS.compensation);
