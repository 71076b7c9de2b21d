import path from 'node:path';
import type { ActivityDeps } from './activities';
import { BrandGuides } from './brand/brand-guides';
import { PROJECT_ROOT, type DirectorConfig } from './config';
import { LocalDirectorModel } from './model/local/local-model';
import { selectModel, type ModelSelection } from './model/select-model';
import { inputRootsFor } from './activities/input-roots';
import { LocalBlobStore } from './storage/local-blob-store';
import { MemoStore } from './storage/memo-store';
import { openObjectStore } from './storage/open-store';
import { LocalPublisher } from './storage/publisher';

/** The brand guides the project ships. */
export const BRANDS_DIR = path.join(PROJECT_ROOT, 'brands');

/**
 * Builds the activities' dependencies from configuration, once per worker process: the model (Gemini when
 * a key is set, else local; `DIRECTOR_MODEL` forces one), stores, brand guides and the memo. Throws when
 * the model settings are invalid.
 */
export function buildWorkerDeps(
  config: DirectorConfig,
  env: NodeJS.ProcessEnv = process.env,
): ActivityDeps & { selection: Omit<ModelSelection, 'model'> } {
  const { model, kind, reason } = selectModel(env, new LocalDirectorModel());
  const store = openObjectStore(config);
  const inputRoots = inputRootsFor(config.inputDirs, store.uri);
  return {
    model,
    selection: { kind, reason },
    blobs: new LocalBlobStore(config.dataDir),
    publisher: new LocalPublisher(config.outputDir),
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(memoFolder(config)),
    store,
    ...(inputRoots ? { inputRoots } : {}),
  };
}

/** Where the worker keeps its memo of model answers. */
export function memoFolder(config: Pick<DirectorConfig, 'stateDir'>): string {
  return path.join(config.stateDir, 'memo');
}
