import type { BlobRef } from '../shared/blob';
import { blobKeys } from '../shared/blob-keys';
import type { ProductAnalysis } from '../shared/product';
import type { DirectorModel } from '../model/director-model';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';
import { loadImage } from './model';

/** Input of the activities that make a scene from a product cut-out. */
export interface CutoutShotInput {
  runKey: string;
  cutout: BlobRef;
  palette: string[];
  size: number;
}

type CutoutShot = DirectorModel['composePair'];

/** The blob key of a Product Director branch output. */
const branchKey = (runKey: string, name: string) => blobKeys.step(runKey, 'branch', name);

/**
 * Builds the Product Director's branch activities. Each writes one or more images under
 * `runs/<run>/branch/`, idempotently; the branch's compensation is `deleteBlobPrefix` of that folder.
 */
export function createProductActivities(deps: Pick<ActivityDeps, 'model' | 'blobs'>) {
  const { model, blobs } = deps;
  // Scenes made from a cut-out (an accessory's still life, a shoe's pair shot): same inputs, one image out.
  const shootCutout = async (
    input: CutoutShotInput,
    name: string,
    shoot: CutoutShot,
  ): Promise<{ image: BlobRef }> => {
    const cutout = await loadImage(blobs, input.cutout);
    const shot = await withHeartbeat((signal) =>
      shoot({ cutout, palette: input.palette, size: input.size }, signal),
    );
    return { image: await blobs.put(branchKey(input.runKey, name), shot) };
  };
  return {
    /** Cuts the product out of its photo (PNG with alpha). */
    async extractProduct(input: {
      runKey: string;
      image: BlobRef;
      analysis: ProductAnalysis;
    }): Promise<{ image: BlobRef }> {
      const image = await loadImage(blobs, input.image);
      const cutout = await withHeartbeat((signal) => model.extractProduct(image, input.analysis, signal));
      return { image: await blobs.put(branchKey(input.runKey, 'cutout'), cutout) };
    },

    /** Generates a model (figure) to dress, toned to the garment's palette. */
    async generateModel(input: {
      runKey: string;
      palette: string[];
      width: number;
      height: number;
    }): Promise<{ image: BlobRef }> {
      const figure = await withHeartbeat((signal) => model.generateModel(input, signal));
      return { image: await blobs.put(branchKey(input.runKey, 'model'), figure) };
    },

    /** Fits the garment onto the model (virtual try-on). */
    async tryOnGarment(input: {
      runKey: string;
      garment: BlobRef;
      model: BlobRef;
    }): Promise<{ image: BlobRef }> {
      const [garment, figure] = await Promise.all([
        loadImage(blobs, input.garment),
        loadImage(blobs, input.model),
      ]);
      const dressed = await withHeartbeat((signal) => model.tryOn({ garment, model: figure }, signal));
      return { image: await blobs.put(branchKey(input.runKey, 'try-on'), dressed) };
    },

    /** Stages an accessory in a lifestyle scene. */
    stageAccessory: (input: CutoutShotInput) => shootCutout(input, 'scene', model.stageAccessory.bind(model)),

    /** Crops close-ups of an accessory's details. */
    async cropDetails(input: {
      runKey: string;
      image: BlobRef;
      count: number;
      size: number;
    }): Promise<{ images: BlobRef[] }> {
      const image = await loadImage(blobs, input.image);
      const crops = await withHeartbeat((signal) =>
        model.cropDetails({ image, count: input.count, size: input.size }, signal),
      );
      const images = await Promise.all(
        crops.map((crop, i) => blobs.put(branchKey(input.runKey, `detail-${i}`), crop)),
      );
      return { images };
    },

    /** Composes a footwear pair shot. */
    composePair: (input: CutoutShotInput) => shootCutout(input, 'pair', model.composePair.bind(model)),

    /** A studio shot for a generic product: a rendered backdrop, the product composed onto it. */
    async composeStudioShot(input: {
      runKey: string;
      product: BlobRef;
      analysis: ProductAnalysis;
      size: number;
    }): Promise<{ image: BlobRef }> {
      const product = await loadImage(blobs, input.product);
      const request = {
        style: 'soft-pastel' as const,
        palette: input.analysis.palette,
        width: input.size,
        height: input.size,
      };
      const shot = await withHeartbeat(async (signal) => {
        const background = await model.generateBackground(request, signal);
        return model.composeProduct(
          { product, analysis: input.analysis, background, size: input.size },
          signal,
        );
      });
      return { image: await blobs.put(branchKey(input.runKey, 'studio'), shot) };
    },
  };
}
