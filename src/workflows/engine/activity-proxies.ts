/**
 * The activity proxies every Director shares, one per preset. The model-calling ones (`analysisProxy`,
 * `generationProxy`, `processingProxy`) are meant to be wrapped with `run.paid(…)` so their cost is
 * metered; `storage` and `undo` are used as they are (they call no model).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { CATALOG_PRESETS } from '../catalog/activity-presets';
import { ACTIVITY_PRESETS } from './activity-presets';

/** Reading, checking and analysing images (preset `analysis`). */
export const analysisProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.analysis);

/** Generating and editing images with a model (preset `generation`). */
export const generationProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.generation);

/** Local image processing: judging, rendering, reports (preset `imageProcessing`). */
export const processingProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.imageProcessing);

/**
 * A Director's first step, resolving its input (preset `input`). An ordinary activity, not a local one: its
 * result always arrives in a workflow task of its own, both when the run is first executed and when it is
 * replayed, so the `patched()` calls that follow it meet their markers in the same task either way (after
 * a local activity that outlived its task they did not).
 */
export const resolver = proxyActivities<Activities>(ACTIVITY_PRESETS.input);

/** Blob store and publishing writes (preset `storage`). */
export const storage = proxyActivities<Activities>(ACTIVITY_PRESETS.storage);

/** Compensations: idempotent undo of what a step wrote (preset `compensation`). */
export const undo = proxyActivities<Activities>(ACTIVITY_PRESETS.compensation);

/** The catalog's own activities: manifest, line records, outputs, undo (preset `catalog`). */
export const catalogActivities = proxyActivities<Activities>(CATALOG_PRESETS.catalog);

/** Waiting for a catalog line carried across continue-as-new (preset `lineWait`). */
export const lineWaiter = proxyActivities<Activities>(CATALOG_PRESETS.lineWait);
