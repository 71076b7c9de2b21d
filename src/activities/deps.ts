import type { BrandGuides } from '../brand/brand-guides';
import type { ImageLimits } from '../images/read-input-image';
import type { DirectorModel } from '../model/director-model';
import type { BlobStore } from '../storage/blob-store';
import type { MemoStore } from '../storage/memo-store';
import type { LocalPublisher } from '../storage/publisher';

/** What the activities need from the worker, built once per worker process and handed in. */
export interface ActivityDeps {
  model: DirectorModel;
  blobs: BlobStore;
  publisher: Pick<LocalPublisher, 'publish' | 'unpublish'>;
  brands: BrandGuides;
  memo: MemoStore;
  /** Folders input image paths must lie in; undefined allows any readable path. */
  inputRoots?: readonly string[];
  imageLimits?: Partial<ImageLimits>;
}
