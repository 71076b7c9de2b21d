import type { BlobRef } from '../shared/blob';
import { blobKeys } from '../shared/blob-keys';
import { renditionFileName, type BrandGuide } from '../shared/brand-guide';
import type { ActivityDeps } from './deps';
import { throwIfCancelled } from './heartbeat';
import { loadImage } from './model';

/** A stored rendition of an image: its file name (e.g. `3-web.jpg`) and blob. */
export interface Rendition {
  name: string;
  image: BlobRef;
}

/** Builds the post-processing activities: renditions and contact sheets. */
export function createPostProcessingActivities(deps: Pick<ActivityDeps, 'model' | 'blobs'>) {
  const { model, blobs } = deps;
  return {
    /**
     * Renders an image in every size and format the brand guide asks for. Idempotent (keys derive from the
     * run, the item and the rendition); compensated by `deleteBlobs` of `renditionKeys`. Stops, writing
     * nothing more, once cancelled.
     */
    async renderImages(input: {
      runKey: string;
      label: string;
      image: BlobRef;
      renditions: BrandGuide['renditions'];
    }): Promise<{ renditions: Rendition[] }> {
      const source = await loadImage(blobs, input.image);
      const renditions: Rendition[] = [];
      for (const rendition of input.renditions) {
        // Cancelled (a sibling failed, or the run stops): render no more; the store refuses late writes too.
        throwIfCancelled();
        const name = renditionFileName(input.label, rendition);
        const data = await model.render(source, rendition);
        renditions.push({ name, image: await blobs.put(blobKeys.file(input.runKey, 'post', name), data) });
      }
      return { renditions };
    },

    /** Draws a contact sheet (a labelled grid) of images. Idempotent; compensated by `deleteBlobs`. */
    async makeContactSheet(input: {
      runKey: string;
      items: { image: BlobRef; label: string }[];
    }): Promise<{ image: BlobRef }> {
      const items = await Promise.all(
        input.items.map(async (item) => ({ image: await loadImage(blobs, item.image), label: item.label })),
      );
      const sheet = await model.contactSheet(items);
      return { image: await blobs.put(blobKeys.step(input.runKey, 'post', 'contact-sheet'), sheet) };
    },
  };
}
