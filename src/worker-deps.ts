import type { ActivityDeps } from './activities';
import type { DirectorConfig } from './config';
import { LocalCreativeModel } from './model/local/local-model';
import { LocalBlobStore } from './storage/local-blob-store';
import { LocalPublisher } from './storage/publisher';

/** Builds the activities' dependencies from configuration, once per worker process. */
export function buildWorkerDeps(config: DirectorConfig): ActivityDeps {
  return {
    model: new LocalCreativeModel(),
    blobs: new LocalBlobStore(config.dataDir),
    publisher: new LocalPublisher(config.outputDir),
    ...(config.inputDirs.length > 0 ? { inputRoots: config.inputDirs } : {}),
  };
}
