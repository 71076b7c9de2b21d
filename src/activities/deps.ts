import type { BrandGuides } from '../brand/brand-guides';
import type { ImageLimits } from '../images/read-input-image';
import type { DirectorModel } from '../model/director-model';
import type { BlobStore } from '../storage/blob-store';
import type { MemoStore } from '../storage/memo-store';
import type { ObjectStore } from '../storage/object-store';
import type { LocalPublisher } from '../storage/publisher';

/** What the activities need from the worker, built once per worker process and handed in. */
export interface ActivityDeps {
  model: DirectorModel;
  blobs: BlobStore;
  publisher: Pick<LocalPublisher, 'publish' | 'unpublish'>;
  brands: BrandGuides;
  memo: MemoStore;
  /**
   * The worker's object store: inputs given as its URIs (`s3://…/inputs/<sha256>.jpg`) are read from it,
   * and a worker built with one refuses steps of runs that carry another store's identity. Undefined in
   * embedded setups (tests) that check neither.
   */
  store?: Pick<ObjectStore, 'uri' | 'get'>;
  /** Folders input image paths must lie in; undefined allows any readable path. */
  inputRoots?: readonly string[];
  imageLimits?: Partial<ImageLimits>;
}
