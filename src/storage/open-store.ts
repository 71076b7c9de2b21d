import type { DirectorConfig } from '../config';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore, type S3StoreOptions } from './s3-object-store';

/**
 * The object store the configuration names; every worker, the CLI and the cluster harness open it here.
 * A local folder (the data folder) is the embedded default; `DIRECTOR_STORE=s3://bucket/prefix` names an
 * S3-API bucket (credentials from the AWS SDK's provider chain).
 */
export function openObjectStore(
  config: Pick<DirectorConfig, 'dataDir'> & Partial<Pick<DirectorConfig, 'store'>>,
  options: S3StoreOptions = {},
): ObjectStore {
  if (config.store?.kind === 's3') return new S3ObjectStore(config.store, options);
  return new LocalObjectStore(config.dataDir);
}

/** Whether the configuration keeps everything in local folders (then outputs go to the output folder). */
export function isLocalStore(config: Partial<Pick<DirectorConfig, 'store'>>): boolean {
  return config.store?.kind !== 's3';
}
