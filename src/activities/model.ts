import type { ImageData } from '../model/creative-model';
import type { BlobRef } from '../shared/blob';
import { blobKeys } from '../shared/blob-keys';
import type { ProductAnalysis } from '../shared/product';
import type { BackgroundStyle } from '../shared/styles';
import type { BlobStore } from '../storage/blob-store';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

/** Reads a stored image back into memory for a model call. */
export async function loadImage(blobs: BlobStore, ref: BlobRef): Promise<ImageData> {
  return { bytes: await blobs.get(ref), mimeType: ref.mimeType, width: ref.width, height: ref.height };
}

/** Input of `generateBackground`. */
export interface GenerateBackgroundInput {
  runKey: string;
  style: BackgroundStyle;
  palette: string[];
  size: number;
}

/** Input of `composeProduct`. */
export interface ComposeProductInput {
  runKey: string;
  product: BlobRef;
  analysis: ProductAnalysis;
  background: BlobRef;
  size: number;
}

/** Builds the creative-model activities: analysis, background generation and composition. */
export function createModelActivities(deps: Pick<ActivityDeps, 'model' | 'blobs'>) {
  const { model, blobs } = deps;
  return {
    /** Measures (and, with Gemini, describes) a product photo. Writes nothing; retried on transient errors. */
    async analyzeProduct(input: { image: BlobRef }): Promise<{ analysis: ProductAnalysis; model: string }> {
      const image = await loadImage(blobs, input.image);
      const analysis = await withHeartbeat((signal) => model.analyzeProduct(image, signal));
      return { analysis, model: model.id };
    },

    /** Renders a studio background for the style and palette. Idempotent (keyed by run); compensated by `deleteBlobs`. */
    async generateBackground(input: GenerateBackgroundInput): Promise<{ image: BlobRef }> {
      const request = { style: input.style, palette: input.palette, width: input.size, height: input.size };
      const image = await withHeartbeat((signal) => model.generateBackground(request, signal));
      return { image: await blobs.put(blobKeys.step(input.runKey, 'background', 'background'), image) };
    },

    /** Cuts the product out and places it, with a shadow, on the background. Idempotent; compensated by `deleteBlobs`. */
    async composeProduct(input: ComposeProductInput): Promise<{ image: BlobRef }> {
      const [product, background] = await Promise.all([
        loadImage(blobs, input.product),
        loadImage(blobs, input.background),
      ]);
      const request = { product, analysis: input.analysis, background, size: input.size };
      const image = await withHeartbeat((signal) => model.composeProduct(request, signal));
      return { image: await blobs.put(blobKeys.step(input.runKey, 'composition', 'product'), image) };
    },
  };
}
