import { nonRetryable } from '../../shared/failures';
import type { ProductAnalysis } from '../../shared/product';
import type { BackgroundRequest, CompositionRequest, CreativeModel, ImageData } from '../creative-model';
import { analyzeProductImage } from './analyze-product';
import { composeProductImage } from './compose-product';
import { renderBackground } from './render-background';

/**
 * The local creative model: measures, renders and composes with sharp on this machine. Deterministic, no
 * network, no key; the embedded default. Each call throws the signal's reason (an `AbortError` by default)
 * when the signal is already aborted (composition checks again between its steps), and typed
 * non-retryable failures for bad input.
 */
export class LocalCreativeModel implements CreativeModel {
  readonly id = 'local';

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
}

function requireImage(image: ImageData, what: string): void {
  if (image.bytes.length === 0) {
    throw nonRetryable('InvalidInput', `${what} is empty (0 bytes)`, { field: what });
  }
}
