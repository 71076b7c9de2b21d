import sharp from 'sharp';
import type { ImageData } from '../../creative-model';
import { decode, open } from '../pixels';

/** A cut-out: raw RGBA pixels, un-premultiplied, at the size it will be placed at. */
export interface Cutout {
  data: Buffer;
  width: number;
  height: number;
}

/** The cut-out scaled to fit inside `maxWidth`×`maxHeight`; throws a non-retryable `CorruptImage` when it does not decode. */
export async function fitCutout(
  image: ImageData,
  maxWidth: number,
  maxHeight: number,
  mirror = false,
): Promise<Cutout> {
  const pipeline = open(image).resize({
    width: Math.max(1, Math.round(maxWidth)),
    height: Math.max(1, Math.round(maxHeight)),
    fit: 'inside',
  });
  const { data, info } = await decode(
    (mirror ? pipeline.flop() : pipeline).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
  );
  return { data, width: info.width, height: info.height };
}

/** A cut-out as a composite layer at a position. */
export function layer(cutout: Cutout, left: number, top: number): sharp.OverlayOptions {
  return {
    input: cutout.data,
    raw: { width: cutout.width, height: cutout.height, channels: 4 },
    left: Math.round(left),
    top: Math.round(top),
  };
}

/**
 * A blurred dark copy of a cut-out's alpha, padded by the blur's reach so it is not clipped, and `pad`, the
 * offset to subtract when placing it; laid under cut-outs to seat them on what they stand on.
 */
export async function dropShadow(
  cutout: Cutout,
  sigma: number,
  opacity = 0.35,
): Promise<Cutout & { pad: number }> {
  const { width, height } = cutout;
  const pad = Math.ceil(sigma * 3);
  const shadow = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++)
    shadow[i * 4 + 3] = Math.round((cutout.data[i * 4 + 3] ?? 0) * opacity);
  const { data, info } = await sharp(shadow, { raw: { width, height, channels: 4 } })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .blur(sigma)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, pad };
}

/** The row just below the cut-out's lowest visible pixel: where it meets the ground. */
export function visibleBottom(cutout: Cutout): number {
  for (let y = cutout.height - 1; y >= 0; y--) {
    for (let x = 0; x < cutout.width; x++)
      if ((cutout.data[(y * cutout.width + x) * 4 + 3] ?? 0) > 128) return y + 1;
  }
  return cutout.height;
}
