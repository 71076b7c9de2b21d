import type { DirectorConfig } from '../config';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore, StoredObject } from './object-store';
import { isLocalStore } from './open-store';

/** Where published outputs go in an S3 store: `outputs/<runKey>/<name>`. */
export const OUTPUTS_PREFIX = 'outputs/';

/** The output collection: a store and the key prefix under which each run has a `<runKey>/` folder. */
export interface OutputCollection {
  store: ObjectStore;
  prefix: string;
}

/**
 * Where a configuration publishes outputs: `outputs/` in an S3 store (so every worker and the CLI see
 * them), or the local output folder (`DIRECTOR_OUTPUT_DIR`) with the local store, as before.
 */
export function outputCollection(
  config: Pick<DirectorConfig, 'outputDir'> & Partial<Pick<DirectorConfig, 'store'>>,
  store: ObjectStore,
): OutputCollection {
  return isLocalStore(config)
    ? { store: new LocalObjectStore(config.outputDir), prefix: '' }
    : { store, prefix: OUTPUTS_PREFIX };
}

/** A run's published objects (images, `report.html`, `contact-sheet.png`), keys relative to the run's folder. */
export async function listRunOutputs(
  outputs: OutputCollection,
  runKey: string,
): Promise<(StoredObject & { name: string })[]> {
  const folder = `${outputs.prefix}${runKey}/`;
  const objects = await outputs.store.list(folder);
  return objects.map((object) => ({ ...object, name: object.key.slice(folder.length) }));
}
