import sharp from 'sharp';
import { nonRetryable } from '../../../shared/failures';
import type { ProductAnalysis } from '../../../shared/product';
import type { ImageData } from '../../creative-model';
import { hexToRgb, type Rgb } from '../colour';
import { decode, open, orientedSize, toPng } from '../pixels';

/** Cut-outs are capped at this longest side: plenty for composites, bounded in memory. */
const MAX_CUTOUT_SIDE = 2048;

/**
 * Cuts the product out of its photo: crops to the analysis' subject bounds (rescaled when the analysis was
 * measured on another size), then makes transparent the background reachable from the crop's border and
 * enclosed pockets of it, with a feathered edge. An image that already has alpha keeps it. Returns an RGBA PNG;
 * throws a non-retryable `InvalidInput` when the bounds lie outside the image and `CorruptImage` when the
 * bytes do not decode.
 */
export async function extractProduct(image: ImageData, analysis: ProductAnalysis): Promise<ImageData> {
  const size = await orientedSize(image);
  const box = scaleBounds(analysis, size);
  const { data, info } = await decode(
    open(image)
      .extract(box)
      .resize({ width: MAX_CUTOUT_SIDE, height: MAX_CUTOUT_SIDE, fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  const { width, height } = info;
  if (!analysis.hasAlpha) {
    const alpha = backgroundMatte(
      data,
      width,
      height,
      hexToRgb(analysis.backgroundColor),
      analysis.backgroundUniformity,
    );
    const sigma = Math.max(0.6, Math.max(width, height) / 900);
    const feathered = await sharp(alpha, { raw: { width, height, channels: 1 } })
      .blur(sigma)
      .extractChannel(0)
      .raw()
      .toBuffer();
    for (let i = 0; i < width * height; i++) data[i * 4 + 3] = feathered[i] ?? 0;
  }
  return toPng(sharp(data, { raw: { width, height, channels: 4 } }));
}

function scaleBounds(analysis: ProductAnalysis, size: { width: number; height: number }): sharp.Region {
  const sx = size.width / analysis.width;
  const sy = size.height / analysis.height;
  const { left, top, width, height } = analysis.subjectBounds;
  const x0 = Math.max(0, Math.floor(left * sx));
  const y0 = Math.max(0, Math.floor(top * sy));
  const x1 = Math.min(size.width, Math.ceil((left + width) * sx));
  const y1 = Math.min(size.height, Math.ceil((top + height) * sy));
  if (x1 - x0 < 1 || y1 - y0 < 1) {
    throw nonRetryable(
      'InvalidInput',
      `subjectBounds ${JSON.stringify(analysis.subjectBounds)} lie outside the ${analysis.width}x${analysis.height} image`,
      {
        field: 'subjectBounds',
        value: analysis.subjectBounds,
      },
    );
  }
  return { left: x0, top: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * An alpha matte: 0 where the background colour floods in from the crop's border, and in enclosed pockets of
 * background (a bag's handle loop) large enough to be more than noise; 255 elsewhere. Flooding from the
 * border rather than keying every matching pixel keeps product parts that share the backdrop's colour. A
 * product the flood swallows whole is kept opaque rather than lost.
 */
function backgroundMatte(
  rgba: Buffer,
  width: number,
  height: number,
  background: Rgb,
  uniformity: number,
): Buffer {
  const count = width * height;
  // A noisier backdrop needs a wider tolerance before a pixel counts as product.
  const tolerance = 34 + (1 - uniformity) * 50;
  const near = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * 4;
    const d = Math.hypot(
      (rgba[o] ?? 0) - background[0],
      (rgba[o + 1] ?? 0) - background[1],
      (rgba[o + 2] ?? 0) - background[2],
    );
    near[i] = d < tolerance * 0.5 ? 2 : d < tolerance ? 1 : 0;
  }
  const alpha = Buffer.alloc(count, 255);
  const region = new Int32Array(count);
  const seen = new Uint8Array(count);
  const flood = (seeds: number[]): number => {
    let tail = 0;
    for (const i of seeds) {
      if (!seen[i] && near[i]) {
        seen[i] = 1;
        region[tail++] = i;
      }
    }
    for (let head = 0; head < tail; head++) {
      const i = region[head] ?? 0;
      const x = i % width;
      for (const n of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (n >= 0 && n < count && !seen[n] && near[n]) {
          seen[n] = 1;
          region[tail++] = n;
        }
      }
    }
    return tail;
  };
  const clear = (size: number) => {
    for (let k = 0; k < size; k++) alpha[region[k] ?? 0] = 0;
  };
  const border: number[] = [];
  for (let x = 0; x < width; x++) border.push(x, (height - 1) * width + x);
  for (let y = 0; y < height; y++) border.push(y * width, y * width + width - 1);
  const outside = flood(border);
  if (outside > count * 0.98) return Buffer.alloc(count, 255);
  clear(outside);
  // Pockets start only from pixels very close to the backdrop, so product areas of a similar tone stay.
  const minPocket = Math.max(16, count * 0.004);
  for (let i = 0; i < count; i++) {
    if (seen[i] || near[i] !== 2) continue;
    const size = flood([i]);
    if (size >= minPocket) clear(size);
  }
  return alpha;
}
