import path from 'node:path';
import type { DirectorName } from '../shared/names';

/** The one-line summary a run is started with: the Web UI shows it, `director status` prints it. */
export function aboutRun(director: DirectorName, input: Record<string, unknown>): string {
  const image = typeof input.productImage === 'string' ? path.basename(input.productImage) : 'a stored image';
  const style = typeof input.style === 'string' ? input.style : 'studio-white';
  if (director === 'ecommerce') return `E-commerce shot of ${image} on ${style}`;
  if (director === 'product') return `${String(input.productType)} shots of ${image}`;
  const refs = Array.isArray(input.referenceImages) ? input.referenceImages.length : 0;
  return `${String(input.batchCount)} images for ${String(input.brand)}, mood "${String(input.mood)}", from ${refs} references`;
}
