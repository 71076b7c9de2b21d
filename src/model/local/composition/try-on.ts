import type { ImageData } from '../../creative-model';
import { torsoBox } from '../figures/fashion-model';
import { open, orientedSize, toPng } from '../pixels';
import { dropShadow, fitCutout, layer } from './cutout-layers';

/**
 * Dresses a model from `generateModel` in a garment cut-out: the garment is scaled to fit the model's
 * `torsoBox` (top-aligned, centred) and composited over it with a soft drop shadow. Returns a PNG the size
 * of the model; throws a non-retryable `CorruptImage` when either image does not decode.
 */
export async function tryOn(request: { garment: ImageData; model: ImageData }): Promise<ImageData> {
  const size = await orientedSize(request.model);
  const box = torsoBox(size.width, size.height);
  const garment = await fitCutout(request.garment, box.width, box.height);
  const left = box.left + Math.round((box.width - garment.width) / 2);
  const shadow = await dropShadow(garment, Math.max(1, box.width * 0.03));
  const offset = Math.round(box.width * 0.025);
  return toPng(
    open(request.model).composite([
      layer(shadow, left - shadow.pad + offset, box.top - shadow.pad + offset),
      layer(garment, left, box.top),
    ]),
  );
}
