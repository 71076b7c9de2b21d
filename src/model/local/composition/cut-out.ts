import sharp from 'sharp';
import { colourField } from '../analysis/colour-field';
import type { ForegroundMask } from '../analysis/foreground-mask';
import { bilinear, softMask } from '../analysis/grid';
import { dilate } from '../analysis/mask-ops';
import { backdropDistance, clampByte } from '../colour';
import { smoothstep } from '../numbers';
import type { RawImage } from '../pixels';
import type { Cutout } from './cutout-layers';

/** A rectangle in source pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Cuts `region` of the product photo out, resized to `size`. In `alpha`, `busy` and `empty` modes the alpha
 * is the image's own. In `color` mode (`low` is the copy `foreground` was measured on) the low-resolution mask gives certain product and certain backdrop, and each
 * pixel of the band between is unmixed at full resolution: its share of product is its position between
 * the local backdrop colour and the local product colour, so edges are feathered as the photo drew them and
 * carry no backdrop fringe onto the new background. Throws what sharp throws.
 */
export async function cutOut(
  bytes: Buffer,
  region: Region,
  size: { width: number; height: number },
  low: RawImage,
  foreground: ForegroundMask,
): Promise<Cutout> {
  const { width, height } = size;
  const { data } = await sharp(bytes, { sequentialRead: true })
    .extract(region)
    .resize(width, height, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (foreground.mode !== 'color') return { data, width, height };
  const mw = foreground.width;
  const mh = foreground.height;
  const prior = softMask(foreground.mask, mw, mh);
  const backdrop = foreground.field;
  // The product's own colour near each edge, from pixels well inside the mask.
  const outside = dilate(
    Uint8Array.from(foreground.mask, (v) => 1 - v),
    mw,
    mh,
    1,
  );
  const product = colourField(low.data, mw, mh, outside, foreground.background);
  const lo = foreground.threshold * 0.35;
  const hi = foreground.threshold;
  for (let y = 0; y < height; y++) {
    // Centre of this output pixel, in mask pixels.
    const my = ((region.top + ((y + 0.5) * region.height) / height) * mh) / low.sourceHeight - 0.5;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const mx = ((region.left + ((x + 0.5) * region.width) / width) * mw) / low.sourceWidth - 0.5;
      const p = bilinear(prior, mw, mh, mx, my, 1, 0);
      // Most pixels are certainly backdrop or certainly product; only a band around the edge (a few mask
      // pixels wide, so it covers the corners the coarse mask rounded off) needs colour work.
      if (p <= 0.06) {
        data[i + 3] = 0;
        continue;
      }
      if (p >= 0.999) continue;
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      const br = bilinear(backdrop, mw, mh, mx, my, 3, 0);
      const bg = bilinear(backdrop, mw, mh, mx, my, 3, 1);
      const bb = bilinear(backdrop, mw, mh, mx, my, 3, 2);
      const pr = bilinear(product, mw, mh, mx, my, 3, 0) - br;
      const pg = bilinear(product, mw, mh, mx, my, 3, 1) - bg;
      const pb = bilinear(product, mw, mh, mx, my, 3, 2) - bb;
      const span = pr * pr + pg * pg + pb * pb;
      // Whether the pixel stands out from the backdrop at all (a shadow counts for little).
      const stands = smoothstep(lo, hi, backdropDistance(r, g, b, br, bg, bb));
      // Off the blend line, only pixels well inside the band count: outside it they are backdrop grain.
      let alpha = stands * smoothstep(0.4, 0.85, p);
      if (span > hi * hi) {
        const share = Math.max(0, Math.min(1, ((r - br) * pr + (g - bg) * pg + (b - bb) * pb) / span));
        const off = Math.hypot(r - br - share * pr, g - bg - share * pg, b - bb - share * pb);
        // Near the line from backdrop to product colour, the pixel is a blend of the two: its share of
        // product is its alpha, and its colour is the product's with the backdrop taken back out. Off
        // the line it is another colour of the product (a stitch, a label) and stays as it is.
        if (off < hi * 0.6) {
          alpha = Math.min(share, stands) * smoothstep(0.06, 0.3, p);
          if (share > 0.02 && share < 0.98) {
            const t = Math.max(share, 0.25);
            data[i] = clampByte((r - (1 - t) * br) / t);
            data[i + 1] = clampByte((g - (1 - t) * bg) / t);
            data[i + 2] = clampByte((b - (1 - t) * bb) / t);
          }
        }
      }
      data[i + 3] = clampByte(alpha * (data[i + 3] ?? 255));
    }
  }
  return { data, width, height };
}
