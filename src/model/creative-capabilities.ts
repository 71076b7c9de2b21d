import type { BrandGuide } from '../shared/brand-guide';
import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../shared/creative';
import type { ProductAnalysis } from '../shared/product';
import type { ImageData } from './creative-model';

/** Ask for `count` prompts from reference analyses, a brand guide and a mood. */
export interface PromptRequest {
  analyses: ReferenceAnalysis[];
  guide: BrandGuide;
  mood: string;
  count: number;
}

/** Ask for one image following a prompt, at a size. */
export interface GenerateImageRequest {
  prompt: CreativePrompt;
  width: number;
  height: number;
}

/** Ask to judge an image against the prompt it was made from and the brand guide. */
export interface JudgeRequest {
  image: ImageData;
  prompt: CreativePrompt;
  guide: BrandGuide;
}

/** The Creative Director's model calls. Each throws an `ApplicationFailure` typed as in src/shared/errors.ts. */
export interface CreativeCapabilities {
  analyzeReference(image: ImageData, signal?: AbortSignal): Promise<ReferenceAnalysis>;
  /** Returns exactly `count` prompts, indexed 0..count-1. */
  writePrompts(request: PromptRequest, signal?: AbortSignal): Promise<CreativePrompt[]>;
  generateImage(request: GenerateImageRequest, signal?: AbortSignal): Promise<ImageData>;
  judgeImage(request: JudgeRequest, signal?: AbortSignal): Promise<Judgement>;
}

/** The Product Director's model calls: cut-outs, model shots, try-on and variants per product type. */
export interface ProductCapabilities {
  /** The product cut out of its photo: a PNG with alpha, cropped to the product. */
  extractProduct(image: ImageData, analysis: ProductAnalysis, signal?: AbortSignal): Promise<ImageData>;
  /** A fashion model (figure) to dress, of the given size, toned to go with the garment's palette. */
  generateModel(
    request: { palette: string[]; width: number; height: number },
    signal?: AbortSignal,
  ): Promise<ImageData>;
  /** The garment cut-out fitted onto the model's torso. */
  tryOn(request: { garment: ImageData; model: ImageData }, signal?: AbortSignal): Promise<ImageData>;
  /** A lifestyle scene for an accessory: the cut-out placed on a surface with props in the palette. */
  stageAccessory(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData>;
  /** Close-up crops of an accessory's detail (texture, hardware), `count` of them, square. */
  cropDetails(
    request: { image: ImageData; count: number; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData[]>;
  /** A footwear pair shot: the shoe and its mirror image, side by side on a floor with shadows. */
  composePair(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData>;
}

/** Post-processing shared by Directors: renditions and contact sheets. */
export interface PostProcessing {
  /** Resizes (longest side) and encodes an image. */
  render(
    image: ImageData,
    rendition: { longestSide: number; format: 'png' | 'jpeg' | 'webp' },
  ): Promise<ImageData>;
  /** A grid of thumbnails with a label (and score) under each, as a PNG. */
  contactSheet(
    items: { image: ImageData; label: string }[],
    options?: { columns?: number; cell?: number },
  ): Promise<ImageData>;
}
