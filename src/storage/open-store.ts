import { pathToFileURL } from 'node:url';
import type { DirectorConfig } from '../config';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';
import type { S3ObjectStore as S3Store, S3StoreOptions } from './s3-object-store';
import { s3StoreUri } from './store-settings';

type StoreConfig = Pick<DirectorConfig, 'dataDir'> & Partial<Pick<DirectorConfig, 'store'>>;

/**
 * The object store the configuration names; every worker, the CLI and the cluster harness open it here.
 * A local folder (the data folder) is the embedded default; `DIRECTOR_STORE=s3://bucket/prefix` names an
 * S3-API bucket (credentials from the AWS SDK's provider chain).
 */
export function openObjectStore(config: StoreConfig, options: S3StoreOptions = {}): ObjectStore {
  if (config.store?.kind === 's3') {
    // Loaded only for an S3 store: the AWS SDK costs every other command its start-up time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { S3ObjectStore } = require('./s3-object-store') as { S3ObjectStore: typeof S3Store };
    return new S3ObjectStore(config.store, options);
  }
  return new LocalObjectStore(config.dataDir);
}

/**
 * The identity (`uri`) of the store the configuration names, without opening it: what the task queue is
 * derived from and what runs carry. Equal to `openObjectStore(config).uri`.
 */
export function storeIdentity(config: StoreConfig): string {
  if (config.store?.kind === 's3') return s3StoreUri(config.store);
  return pathToFileURL(new LocalObjectStore(config.dataDir).root).href;
}

/** Whether the configuration keeps everything in local folders (then outputs go to the output folder). */
export function isLocalStore(config: Partial<Pick<DirectorConfig, 'store'>>): boolean {
  return config.store?.kind !== 's3';
}
