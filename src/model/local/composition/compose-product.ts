import sharp from 'sharp';
import { nonRetryable } from '../../../shared/failures';
import type { CompositionRequest, ImageData } from '../../creative-model';
import { ANALYSIS_SIDE } from '../analysis/analyze-product';
import { findForeground } from '../analysis/foreground-mask';
import { hexToRgb, luma, mixRgb, type Rgb } from '../colour';
import { loadRaw } from '../pixels';
import { cutOut, type Region } from './cut-out';
import { contactShadow, dropShadow, type ShadowLayer } from './shadow';

/** Share of the canvas side the product's longer side takes. */
export const PRODUCT_FILL = 0.66;
/** Where the product's centre sits, as a fraction of the canvas height (a little above the middle). */
export const PRODUCT_CENTRE_Y = 0.47;
const MIN_SIZE = 64;
const MAX_SIZE = 8192;

/**
 * Cuts the product out of its photo (alpha, or a mask by distance from the backdrop with a feathered edge),
 * scales its bounds to `PRODUCT_FILL` of a `size`×`size` canvas, and places it slightly above the centre of
 * the background (resized to cover the canvas) over a soft drop shadow and a contact shadow. Returns a PNG
 * of exactly `size`×`size`; deterministic. Throws `InvalidInput` for a bad size, `CorruptImage` for bytes
 * sharp cannot read, and the signal's reason when `signal` aborts between steps.
 */
export async function composeProductImage(
  request: CompositionRequest,
  signal?: AbortSignal,
): Promise<ImageData> {
  const { product, background, size } = request;
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw nonRetryable(
      'InvalidInput',
      `canvas size ${size} must be a whole number from ${MIN_SIZE} to ${MAX_SIZE}`,
      {
        field: 'size',
        value: size,
      },
    );
  }
  const raw = await loadRaw(product.bytes, ANALYSIS_SIDE).catch((error: unknown) => {
    throw nonRetryable('CorruptImage', `product image cannot be decoded: ${String(error)}`, {});
  });
  const source = { width: raw.sourceWidth, height: raw.sourceHeight };
  const foreground = findForeground(raw);
  const box = subjectBox(request, source);
  const scale = (size * PRODUCT_FILL) / Math.max(box.width, box.height);
  // A margin around the box keeps the feathered edge; it is trimmed where the photo ends.
  const margin = Math.ceil(Math.max(box.width, box.height) * 0.02);
  const regionLeft = Math.max(0, box.left - margin);
  const regionTop = Math.max(0, box.top - margin);
  const region: Region = {
    left: regionLeft,
    top: regionTop,
    width: Math.min(source.width, box.left + box.width + margin) - regionLeft,
    height: Math.min(source.height, box.top + box.height + margin) - regionTop,
  };
  const width = Math.max(1, Math.round(region.width * scale));
  const height = Math.max(1, Math.round(region.height * scale));
  signal?.throwIfAborted();
  const cutout = await cutOut(product.bytes, region, { width, height }, raw, foreground);
  signal?.throwIfAborted();

  const left = Math.round(size / 2 - (box.left - region.left + box.width / 2) * scale);
  const top = Math.round(size * PRODUCT_CENTRE_Y - (box.top - region.top + box.height / 2) * scale);
  // The canvas stays raw pixels between its steps: a PNG encoded here would only be decoded again.
  const canvas = await sharp(background.bytes)
    .resize(size, size, { fit: 'cover', position: 'centre' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw nonRetryable('CorruptImage', `background image cannot be decoded: ${String(error)}`, {});
    });
  const canvasPixels = {
    raw: { width: canvas.info.width, height: canvas.info.height, channels: canvas.info.channels },
  };
  const shade = shadowColour(await averageColour(sharp(canvas.data, canvasPixels)));
  const layers: ShadowLayer[] = [
    contactShadow(cutout, size * 0.035, 0.34, shade),
    await dropShadow(cutout, size * 0.014, size * 0.012, 0.3, shade),
    { data: cutout.data, width, height, dx: 0, dy: 0 },
  ];
  const bytes = await sharp(canvas.data, canvasPixels)
    .composite(layers.map((layer) => place(layer, left, top, size)).filter((entry) => entry !== undefined))
    .removeAlpha()
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { bytes, mimeType: 'image/png', width: size, height: size };
}

// The analysis's bounds, rescaled if it measured a differently sized copy, clamped to the image.
function subjectBox(request: CompositionRequest, source: { width: number; height: number }): Region {
  const { analysis } = request;
  const sx = source.width / analysis.width;
  const sy = source.height / analysis.height;
  const b = analysis.subjectBounds;
  const left = Math.min(source.width - 1, Math.max(0, Math.floor(b.left * sx)));
  const top = Math.min(source.height - 1, Math.max(0, Math.floor(b.top * sy)));
  return {
    left,
    top,
    width: Math.max(1, Math.min(source.width - left, Math.ceil(b.width * sx))),
    height: Math.max(1, Math.min(source.height - top, Math.ceil(b.height * sy))),
  };
}

// sharp refuses an overlay larger than the canvas, so a layer that overhangs is trimmed to it first.
function place(layer: ShadowLayer, left: number, top: number, size: number) {
  const x = left + layer.dx;
  const y = top + layer.dy;
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(size, x + layer.width);
  const y1 = Math.min(size, y + layer.height);
  if (x1 <= x0 || y1 <= y0) return undefined;
  const width = x1 - x0;
  const height = y1 - y0;
  const data = Buffer.alloc(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((row + y0 - y) * layer.width + (x0 - x)) * 4;
    layer.data.copy(data, row * width * 4, from, from + width * 4);
  }
  return { input: data, raw: { width, height, channels: 4 as const }, left: x0, top: y0 };
}

async function averageColour(image: sharp.Sharp): Promise<Rgb> {
  const { channels } = await image.stats();
  return [channels[0]?.mean ?? 0, channels[1]?.mean ?? 0, channels[2]?.mean ?? 0];
}

// A deep, slightly coloured shade of the backdrop reads as a real shadow; pure black looks pasted on.
function shadowColour(backdrop: Rgb): Rgb {
  const dark = mixRgb(backdrop, [0, 0, 0], luma(...backdrop) > 0.4 ? 0.82 : 0.9);
  return mixRgb(dark, hexToRgb('#1a1410'), 0.3);
}
