import path from 'node:path';
import type { ActivityDeps } from './activities';
import { BrandGuides } from './brand/brand-guides';
import { PROJECT_ROOT, type DirectorConfig } from './config';
import { LocalDirectorModel } from './model/local/local-model';
import { selectModel, type ModelSelection } from './model/select-model';
import { inputRootsFor } from './activities/input-roots';
import { MemoStore } from './storage/memo-store';
import type { ObjectStore } from './storage/object-store';
import { openObjectStore } from './storage/open-store';
import { StorePublisher } from './storage/publisher';
import { StageCache } from './storage/stage-cache';
import { outputCollection } from './storage/run-outputs';
import { quotaPerSecond } from './worker-queues';
import { StoreBlobStore } from './storage/store-blob-store';

/** The brand guides the project ships. */
export const BRANDS_DIR = path.join(PROJECT_ROOT, 'brands');

/**
 * Builds the activities' dependencies from configuration, once per worker process: the model (Gemini when
 * a key is set, else local; `DIRECTOR_MODEL` forces one), brand guides, and — all from
 * `openObjectStore(config)` — run images, the memo, the stage cache and the output collection. Throws when the model or
 * store settings are invalid.
 */
export function buildWorkerDeps(
  config: DirectorConfig,
  env: NodeJS.ProcessEnv = process.env,
  store: ObjectStore = openObjectStore(config),
): ActivityDeps & { selection: Omit<ModelSelection, 'model'>; store: ObjectStore } {
  const { model, kind, reason } = selectModel(env, new LocalDirectorModel());
  const inputRoots = inputRootsFor(config.inputDirs, store.uri);
  return {
    model,
    selection: { kind, reason },
    store,
    blobs: new StoreBlobStore(store),
    publisher: outputPublisher(config, store),
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(store),
    stageCache: new StageCache(store, config.stageCache),
    objects: store,
    outputs: outputCollection(config, store),
    // A catalog's default window is sized to the image quota its lines share.
    catalog: config.imageQuota ? { imageQuotaPerMinute: quotaPerSecond(config.imageQuota) * 60 } : {},
    ...(inputRoots ? { inputRoots } : {}),
  };
}

/**
 * The output collection: `outputs/<runKey>/` in an S3 store; the local output folder
 * (`DIRECTOR_OUTPUT_DIR`) with the local store, as before.
 */
export function outputPublisher(
  config: Pick<DirectorConfig, 'outputDir' | 'store'>,
  store: ObjectStore,
): StorePublisher {
  const outputs = outputCollection(config, store);
  return new StorePublisher(outputs.store, outputs.prefix);
}

/** Where a worker on the local store keeps its memo (`memo/` in the data folder); swept at start-up. */
export function memoFolder(config: Pick<DirectorConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'memo');
}
