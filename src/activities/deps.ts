import type { BrandGuides } from '../brand/brand-guides';
import type { ImageLimits } from '../images/read-input-image';
import type { DirectorModel } from '../model/director-model';
import type { BlobStore } from '../storage/blob-store';
import type { MemoStore } from '../storage/memo-store';
import type { ObjectStore } from '../storage/object-store';
import type { StageCache } from '../storage/stage-cache';
import type { LocalPublisher } from '../storage/publisher';
import type { OutputCollection } from '../storage/run-outputs';

/** What the activities need from the worker, built once per worker process and handed in. */
export interface ActivityDeps {
  model: DirectorModel;
  blobs: BlobStore;
  publisher: Pick<LocalPublisher, 'publish' | 'unpublish'>;
  brands: BrandGuides;
  memo: MemoStore;
  /**
   * The durable stage cache (prompts and generated images of earlier runs, in the object store). Without
   * one, every stage runs and pays as before: embedded setups (tests, the bench) that build no cache.
   */
  stageCache?: StageCache;
  /**
   * The worker's object store: inputs given as its URIs (`s3://…/inputs/<sha256>.jpg`) are read from it,
   * and a worker built with one refuses steps of runs that carry another store's identity. Undefined in
   * embedded setups (tests) that check neither.
   */
  store?: Pick<ObjectStore, 'uri' | 'get'>;
  /** Folders input image paths must lie in; undefined allows any readable path. */
  inputRoots?: readonly string[];
  imageLimits?: Partial<ImageLimits>;
  /**
   * The whole object store, for the catalog's own keys (`catalogs/…` line records, the `ledger/` of published
   * lines) and the manifests and inputs in it. The catalog activities fail with `StoreMisconfigured` without it.
   */
  objects?: ObjectStore;
  /** Where runs publish (`<prefix><runKey>/…`): the catalog writes its results there and undoes its lines' outputs. */
  outputs?: OutputCollection;
  /** Catalog settings from the worker's configuration. */
  catalog?: {
    /** The image model's quota, in images per minute (`DIRECTOR_IMAGE_QUOTA`): sizes a catalog's default window. */
    imageQuotaPerMinute?: number;
  };
}
