import type { ProductAnalysis } from '../shared/product';
import type { BackgroundStyle } from '../shared/styles';

/** Image bytes in memory, with what the model and the store need to know about them. */
export interface ImageData {
  bytes: Buffer;
  mimeType: string;
  width: number;
  height: number;
}

/** Ask for a studio background: the style, the product's palette to harmonise with, and the size. */
export interface BackgroundRequest {
  style: BackgroundStyle;
  palette: string[];
  width: number;
  height: number;
}

/** Ask to place a product onto a background, on a square canvas of `size` pixels. */
export interface CompositionRequest {
  product: ImageData;
  analysis: ProductAnalysis;
  background: ImageData;
  size: number;
}

/**
 * A creative model: analyses, generates and composes images. The local model (sharp, deterministic, no
 * network) is the embedded default; the Gemini model is used when an API key is set. Methods throw an
 * `ApplicationFailure` with a type from `src/shared/errors.ts` on failure; `signal` aborts a call.
 */
export interface CreativeModel {
  /** `local` or `gemini`, recorded in results. */
  readonly id: string;
  /**
   * What decides this model's answers besides its inputs: model names and prompt version (Gemini), or the
   * renderer's version (local). Part of a catalog line's fingerprint, so a line published by another version
   * runs again; bump it when a change would change the images.
   */
  readonly version?: string;
  analyzeProduct(image: ImageData, signal?: AbortSignal): Promise<ProductAnalysis>;
  generateBackground(request: BackgroundRequest, signal?: AbortSignal): Promise<ImageData>;
  composeProduct(request: CompositionRequest, signal?: AbortSignal): Promise<ImageData>;
}
