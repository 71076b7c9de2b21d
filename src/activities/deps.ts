import type { ImageLimits } from '../images/read-input-image';
import type { CreativeModel } from '../model/creative-model';
import type { BlobStore } from '../storage/blob-store';
import type { LocalPublisher } from '../storage/publisher';

/** What the activities need from the worker, built once per worker process and handed in. */
export interface ActivityDeps {
  model: CreativeModel;
  blobs: BlobStore;
  publisher: Pick<LocalPublisher, 'publish' | 'unpublish'>;
  /** Folders input image paths must lie in; undefined allows any readable path. */
  inputRoots?: readonly string[];
  imageLimits?: Partial<ImageLimits>;
}
