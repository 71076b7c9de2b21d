/**
 * The activity proxies every Director shares, one per preset. A Director's paid calls go through
 * `modelProxies()`, wrapped with `run.paid(…)` so their cost is metered; `storage`, `undo` and `resolver`
 * are used as they are (they call no model).
 */
import { patched, proxyActivities, workflowInfo, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { modelTaskQueue, type ModelQueue } from '../../shared/model-queues';
import { CATALOG_PRESETS } from '../catalog/activity-presets';
import { ACTIVITY_PRESETS, type ActivityPreset } from './activity-presets';

/** Reading, checking and analysing images (preset `analysis`), on the workflow's own task queue. */
export const analysisProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.analysis);

/** Generating and editing images with a model (preset `generation`), on the workflow's own task queue. */
export const generationProxy = proxyActivities<Activities>(ACTIVITY_PRESETS.generation);

/** Local image processing: judging, rendering, reports (preset `imageProcessing`), on the workflow's own task queue. */
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

/**
 * The activities that can call a model, and the queue each goes to. Routed by what the activity can do
 * with any model: `analyzeProduct` is local work on the local model but a paid call on Gemini. Everything
 * else (intake, local image processing, quality measures, reports, storage, compensations) stays on the
 * workflow's own queue, next to the store it works on.
 */
export const MODEL_QUEUE_OF: Readonly<Partial<Record<keyof Activities, ModelQueue>>> = {
  analyzeProduct: 'text',
  analyzeReference: 'text',
  writePrompts: 'text',
  judgeImage: 'text',
  generateImage: 'images',
  generateBackground: 'images',
  composeProduct: 'images',
  generateModel: 'images',
  tryOnGarment: 'images',
  stageAccessory: 'images',
  composePair: 'images',
  // A background and a composition in one step: two image calls.
  composeStudioShot: 'images',
};

/** The proxies of the presets that hold model calls. */
export interface ModelProxies {
  analysis: ActivityInterfaceFor<Activities>;
  generation: ActivityInterfaceFor<Activities>;
  processing: ActivityInterfaceFor<Activities>;
}

/**
 * The proxies a Director's model calls go through: image calls to `<its queue>-images`, text calls to
 * `<its queue>-text`, where the quota's rate limit paces them across all workers; the rest of each preset
 * stays on the Director's own queue. Call once, at the Director's start (it records the
 * `model-task-queues` patch there, inside workflow execution): runs recorded before the patch keep
 * every call on their own queue, as they did.
 */
export function modelProxies(): ModelProxies {
  if (!patched('model-task-queues')) {
    return { analysis: analysisProxy, generation: generationProxy, processing: processingProxy };
  }
  const mainQueue = workflowInfo().taskQueue;
  return {
    analysis: routed('analysis', mainQueue),
    generation: routed('generation', mainQueue),
    processing: routed('imageProcessing', mainQueue),
  };
}

/** One preset's proxy whose model calls are scheduled on their model queue, the rest on `mainQueue`. */
function routed(preset: ActivityPreset, mainQueue: string): ActivityInterfaceFor<Activities> {
  const options = ACTIVITY_PRESETS[preset];
  const onMain = proxyActivities<Activities>(options);
  const onQueue: Record<ModelQueue, ActivityInterfaceFor<Activities>> = {
    images: proxyActivities<Activities>({ ...options, taskQueue: modelTaskQueue(mainQueue, 'images') }),
    text: proxyActivities<Activities>({ ...options, taskQueue: modelTaskQueue(mainQueue, 'text') }),
  };
  return new Proxy(onMain, {
    get: (target, name, receiver) => {
      const queue = typeof name === 'string' ? MODEL_QUEUE_OF[name as keyof Activities] : undefined;
      return queue
        ? onQueue[queue][name as keyof Activities]
        : (Reflect.get(target, name, receiver) as unknown);
    },
  });
}

/** The catalog's own activities: manifest, line records, outputs, undo (preset `catalog`). */
export const catalogActivities = proxyActivities<Activities>(CATALOG_PRESETS.catalog);

/** Waiting for a catalog line carried across continue-as-new (preset `lineWait`). */
export const lineWaiter = proxyActivities<Activities>(CATALOG_PRESETS.lineWait);
