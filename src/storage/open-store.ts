import type { DirectorConfig } from '../config';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';

/**
 * The object store the configuration names; every worker, the CLI and the cluster harness open it here.
 * A local folder (the data folder) is the embedded default.
 */
export function openObjectStore(config: Pick<DirectorConfig, 'dataDir'>): ObjectStore {
  return new LocalObjectStore(config.dataDir);
}
