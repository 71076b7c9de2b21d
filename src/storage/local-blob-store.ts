import { LocalObjectStore } from './local-object-store';
import { StoreBlobStore } from './store-blob-store';

/** Run images in a local folder: a {@link StoreBlobStore} over a {@link LocalObjectStore}. */
export class LocalBlobStore extends StoreBlobStore {
  constructor(root: string) {
    super(new LocalObjectStore(root));
  }
}
