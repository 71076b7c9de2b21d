import type { BlobRef } from '../shared/blob';
import { blobKeys } from '../shared/blob-keys';
import type { ImageSource } from '../shared/ecommerce';
import type { ActivityDeps } from './deps';
import { readSource } from './intake';

/** Input of `intakeImage`: where the image is, and the run and name to store it under. */
export interface IntakeImageInput {
  runKey: string;
  source: ImageSource;
  name: string;
}

/** Builds the image-intake activities over the blob store. */
export function createImageActivities(deps: Pick<ActivityDeps, 'blobs' | 'inputRoots' | 'imageLimits'>) {
  return {
    /**
     * Reads, checks and normalises an input image (EXIF-upright, sRGB PNG) and stores it for the run.
     * Refuses missing, non-image, corrupt and oversized files with a non-retryable typed failure before
     * anything is written. Idempotent (keyed by run and name); compensated by `deleteBlobs`.
     */
    async intakeImage(input: IntakeImageInput): Promise<{ image: BlobRef }> {
      const image = await readSource(deps, input.source);
      return { image: await deps.blobs.put(blobKeys.intake(input.runKey, input.name), image) };
    },
  };
}
