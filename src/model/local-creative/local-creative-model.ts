import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../../shared/creative';
import type { ProductAnalysis } from '../../shared/product';
import type {
  CreativeCapabilities,
  GenerateImageRequest,
  JudgeRequest,
  PostProcessing,
  ProductCapabilities,
  PromptRequest,
} from '../creative-capabilities';
import type { ImageData } from '../creative-model';
import { analyzeReference } from './analyze-reference';
import { composePair } from './compose-pair';
import { cropDetails } from './crop-details';
import { extractProduct } from './extract-product';
import { generateModel } from './fashion-model';
import { generateImage } from './generate-image';
import { judgeImage } from './judge-image';
import { contactSheet, render } from './post-processing';
import { stageAccessory } from './stage-accessory';
import { tryOn } from './try-on';
import { writePrompts } from './write-prompts';

/**
 * The local (sharp, deterministic, no network) answers to the Creative and Product Directors' model calls
 * and to post-processing. Every call throws the signal's reason when it is already aborted before work
 * starts, and otherwise the non-retryable failures of the function it delegates to.
 */
export class LocalCreativeCapabilities implements CreativeCapabilities, ProductCapabilities, PostProcessing {
  /** Measures a reference image's palette and tone; see `analyzeReference`. */
  async analyzeReference(image: ImageData, signal?: AbortSignal): Promise<ReferenceAnalysis> {
    signal?.throwIfAborted();
    return analyzeReference(image);
  }

  /** Writes exactly `count` prompts; see `writePrompts`. */
  async writePrompts(request: PromptRequest, signal?: AbortSignal): Promise<CreativePrompt[]> {
    signal?.throwIfAborted();
    return Promise.resolve(writePrompts(request));
  }

  /** Paints a procedural editorial picture for a prompt; see `generateImage`. */
  async generateImage(request: GenerateImageRequest, signal?: AbortSignal): Promise<ImageData> {
    signal?.throwIfAborted();
    return generateImage(request);
  }

  /** Scores an image against the brand guide from measurements; see `judgeImage`. */
  async judgeImage(request: JudgeRequest, signal?: AbortSignal): Promise<Judgement> {
    signal?.throwIfAborted();
    return judgeImage(request);
  }

  /** Cuts the product out of its photo as an RGBA PNG; see `extractProduct`. */
  async extractProduct(
    image: ImageData,
    analysis: ProductAnalysis,
    signal?: AbortSignal,
  ): Promise<ImageData> {
    signal?.throwIfAborted();
    return extractProduct(image, analysis);
  }

  /** Draws a mannequin toned from the palette; see `generateModel` and `torsoBox`. */
  async generateModel(
    request: { palette: string[]; width: number; height: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    signal?.throwIfAborted();
    return generateModel(request);
  }

  /** Fits a garment cut-out onto a model's torso; see `tryOn`. */
  async tryOn(request: { garment: ImageData; model: ImageData }, signal?: AbortSignal): Promise<ImageData> {
    signal?.throwIfAborted();
    return tryOn(request);
  }

  /** Stages an accessory cut-out on a table with props; see `stageAccessory`. */
  async stageAccessory(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    signal?.throwIfAborted();
    return stageAccessory(request);
  }

  /** Crops the most detailed regions; see `cropDetails`. */
  async cropDetails(
    request: { image: ImageData; count: number; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData[]> {
    signal?.throwIfAborted();
    return cropDetails(request);
  }

  /** Composes a mirrored footwear pair shot; see `composePair`. */
  async composePair(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    signal?.throwIfAborted();
    return composePair(request);
  }

  /** Resizes and encodes a rendition; see `render`. */
  async render(
    image: ImageData,
    rendition: { longestSide: number; format: 'png' | 'jpeg' | 'webp' },
  ): Promise<ImageData> {
    return render(image, rendition);
  }

  /** Draws a labelled grid of thumbnails; see `contactSheet`. */
  async contactSheet(
    items: { image: ImageData; label: string }[],
    options?: { columns?: number; cell?: number },
  ): Promise<ImageData> {
    return contactSheet(items, options);
  }
}
