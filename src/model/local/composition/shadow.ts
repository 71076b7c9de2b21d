import sharp from 'sharp';
import { clampByte, type Rgb } from '../colour';
import { smoothstep } from '../numbers';
import type { Cutout } from './cutout-layers';

/** An RGBA layer to composite, and where its top-left corner goes relative to the cut-out's. */
export interface ShadowLayer {
  data: Buffer;
  width: number;
  height: number;
  dx: number;
  dy: number;
}

// The blur runs on a copy this many times smaller: a soft shadow needs no detail, and big blurs are slow.
const SHRINK = 4;

/**
 * A soft drop shadow: the cut-out's silhouette, blurred by `blur` px, in `colour` at `opacity`, shifted
 * down by `offset` px. Never throws for a valid cut-out.
 */
export async function dropShadow(cutout: Cutout, blur: number, offset: number, opacity: number, colour: Rgb) {
  const { width, height } = cutout;
  const alpha = Buffer.alloc(width * height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = cutout.data[i * 4 + 3] ?? 0;
  const pad = Math.ceil(blur * 2.5);
  const small = Math.max(1, Math.round(pad / SHRINK));
  const outWidth = width + 2 * pad;
  const outHeight = height + 2 * pad;
  // sharp runs one resize per pipeline, before extend and blur: shrink, pad and blur first, then enlarge.
  const smallWidth = Math.max(1, Math.round(width / SHRINK));
  const smallHeight = Math.max(1, Math.round(height / SHRINK));
  const soft = await sharp(alpha, { raw: { width, height, channels: 1 } })
    .resize(smallWidth, smallHeight, { fit: 'fill' })
    .extend({ top: small, bottom: small, left: small, right: small, background: '#000000' })
    .blur(Math.max(0.3, blur / SHRINK))
    .extractChannel(0)
    .raw()
    .toBuffer();
  const blurred = await sharp(soft, {
    raw: { width: smallWidth + 2 * small, height: smallHeight + 2 * small, channels: 1 },
  })
    .resize(outWidth, outHeight, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const data = Buffer.alloc(outWidth * outHeight * 4);
  for (let i = 0; i < outWidth * outHeight; i++) {
    data[i * 4] = colour[0];
    data[i * 4 + 1] = colour[1];
    data[i * 4 + 2] = colour[2];
    data[i * 4 + 3] = clampByte((blurred[i] ?? 0) * opacity);
  }
  return {
    data,
    width: outWidth,
    height: outHeight,
    dx: -pad,
    dy: -pad + Math.round(offset),
  } satisfies ShadowLayer;
}

/**
 * A contact shadow where the product meets the floor: a soft ellipse spanning the cut-out's bottom edge,
 * `depth` px tall, in `colour` at `opacity`. Never throws.
 */
export function contactShadow(cutout: Cutout, depth: number, opacity: number, colour: Rgb): ShadowLayer {
  const { left, right, bottom } = footprint(cutout);
  const rx = Math.max(4, ((right - left) / 2) * 1.08);
  const ry = Math.max(2, depth / 2);
  const width = Math.ceil(rx * 2);
  const height = Math.ceil(ry * 2);
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot((x + 0.5 - rx) / rx, (y + 0.5 - ry) / ry);
      const i = (y * width + x) * 4;
      data[i] = colour[0];
      data[i + 1] = colour[1];
      data[i + 2] = colour[2];
      data[i + 3] = clampByte(255 * opacity * (1 - smoothstep(0, 1, r)) ** 1.6);
    }
  }
  const centre = (left + right) / 2;
  return { data, width, height, dx: Math.round(centre - rx), dy: Math.round(bottom - ry * 0.8) };
}

// The horizontal extent of the cut-out's lowest rows, and where its bottom is.
function footprint(cutout: Cutout): { left: number; right: number; bottom: number } {
  const { data, width, height } = cutout;
  const solid = (x: number, y: number) => (data[(y * width + x) * 4 + 3] ?? 0) > 128;
  let bottom = height - 1;
  const rowIsEmpty = (y: number) => {
    for (let x = 0; x < width; x++) if (solid(x, y)) return false;
    return true;
  };
  while (bottom > 0 && rowIsEmpty(bottom)) bottom--;
  const band = Math.max(1, Math.round(height * 0.05));
  let left = width;
  let right = 0;
  for (let y = Math.max(0, bottom - band); y <= bottom; y++) {
    for (let x = 0; x < width; x++) {
      if ((data[(y * width + x) * 4 + 3] ?? 0) > 128) {
        left = Math.min(left, x);
        right = Math.max(right, x + 1);
      }
    }
  }
  return left < right ? { left, right, bottom } : { left: 0, right: width, bottom: height };
}
