import { nonRetryable } from '../../shared/failures';
import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../../shared/creative';
import type { ProductAnalysis } from '../../shared/product';
import type { GenerateImageRequest, JudgeRequest, PromptRequest } from '../creative-capabilities';
import type { BackgroundRequest, CompositionRequest, ImageData } from '../creative-model';
import type { DirectorModel } from '../director-model';
import { analyzeProductImage } from './analysis/analyze-product';
import { analyzeReference } from './analysis/analyze-reference';
import { renderBackground } from './backgrounds/render-background';
import { composeProductImage } from './composition/compose-product';
import { cropDetails } from './composition/crop-details';
import { composePair, stageAccessory, type CutoutSceneRequest } from './composition/cutout-scenes';
import { extractProduct } from './composition/extract-product';
import { tryOn } from './composition/try-on';
import { generateModel } from './figures/fashion-model';
import { generateImage } from './figures/generate-image';
import { judgeImage } from './judging/judge-image';
import { writePrompts } from './prompts/write-prompts';
import { contactSheet } from './renditions/contact-sheet';
import { render } from './renditions/render';

/**
 * The local model, the embedded default: every Director's model calls answered on this machine with sharp
 * — deterministic, no network, no key. Each call throws the signal's reason (an `AbortError` by default)
 * when the signal is already aborted before work starts (composition checks again between its steps), and
 * otherwise the typed non-retryable failures of the function it delegates to. Built once per worker.
 */
export class LocalDirectorModel implements DirectorModel {
  readonly id = 'local';
  /** Bump when a change to the local renderings would change a published image. */
  readonly version: string = 'local-1';

  /** Measures a product photo; see `analyzeProductImage`. */
  async analyzeProduct(image: ImageData, signal?: AbortSignal): Promise<ProductAnalysis> {
    signal?.throwIfAborted();
    requireImage(image, 'product image');
    return analyzeProductImage(image);
  }

  /** Renders a studio backdrop for a style; see `renderBackground`. */
  async generateBackground(request: BackgroundRequest, signal?: AbortSignal): Promise<ImageData> {
    signal?.throwIfAborted();
    return renderBackground(request);
  }

  /** Cuts the product out and places it on the background; see `composeProductImage`. */
  async composeProduct(request: CompositionRequest, signal?: AbortSignal): Promise<ImageData> {
    signal?.throwIfAborted();
    requireImage(request.product, 'product image');
    requireImage(request.background, 'background image');
    return composeProductImage(request, signal);
  }

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
  async stageAccessory(request: CutoutSceneRequest, signal?: AbortSignal): Promise<ImageData> {
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
  async composePair(request: CutoutSceneRequest, signal?: AbortSignal): Promise<ImageData> {
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

function requireImage(image: ImageData, what: string): void {
  if (image.bytes.length === 0) {
    throw nonRetryable('InvalidInput', `${what} is empty (0 bytes)`, { field: what });
  }
}
