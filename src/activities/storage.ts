import type { BlobRef } from '../shared/blob';
import type { PublishedFile } from '../shared/ecommerce';
import type { ActivityDeps } from './deps';

/** Input of `publishImages`: a run's finished images and the file names to publish them under. */
export interface PublishImagesInput {
  runKey: string;
  images: { name: string; image: BlobRef }[];
}

/** Builds the storage and publishing activities (and their compensations). */
export function createStorageActivities(deps: Pick<ActivityDeps, 'blobs' | 'publisher'>) {
  return {
    /** Deletes a run's blobs by key. Idempotent: missing keys are fine. Compensation of every step that stores. */
    async deleteBlobs(input: { keys: string[] }): Promise<{ deleted: number }> {
      return { deleted: await deps.blobs.delete(input.keys) };
    },

    /** Deletes every blob under a key prefix (a run's branch folder). Idempotent. */
    async deleteBlobPrefix(input: { prefix: string }): Promise<{ deleted: number }> {
      return { deleted: await deps.blobs.deletePrefix(input.prefix) };
    },

    /** Copies finished images to the output collection. Idempotent (same names overwrite); compensated by `unpublishImages`. */
    async publishImages(input: PublishImagesInput): Promise<{ files: PublishedFile[] }> {
      const files: PublishedFile[] = [];
      for (const { name, image } of input.images) {
        const path = await deps.publisher.publish(input.runKey, name, await deps.blobs.get(image));
        files.push({ name, path, image });
      }
      return { files };
    },

    /** Removes a run's published files. Idempotent. */
    async unpublishImages(input: { runKey: string; names: string[] }): Promise<{ removed: number }> {
      return { removed: await deps.publisher.unpublish(input.runKey, input.names) };
    },
  };
}
