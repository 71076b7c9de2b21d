import { backdropDistance, colorDistance, type Rgb } from '../colour';
import { quantile } from '../numbers';
import { borderIndices, medianColor, pixelAt, type RawImage } from '../pixels';
import { colourField, halvedColourField } from './colour-field';
import { cleanMask, dilate } from './mask-ops';

/** Where a product is in a (downscaled) photo, and how it was told apart from the background. */
export interface ForegroundMask {
  width: number;
  height: number;
  /** 1 where the product is, 0 elsewhere; one byte a pixel. */
  mask: Uint8Array;
  /**
   * `alpha`: by the image's transparency; `color`: by distance from the backdrop; `busy`: the backdrop
   * varies too much to tell the product apart, and `empty`: nothing stands out from it; in both the whole
   * frame is the subject (the mask is all ones).
   */
  mode: 'alpha' | 'color' | 'busy' | 'empty';
  /** The backdrop's typical colour: the median of the border. */
  background: Rgb;
  /** The backdrop's colour at each pixel, filled in behind the product (RGB floats, `color` mode). */
  field: Float32Array;
  /** Colour distance from `field` above which a pixel counts as product (`color` mode). */
  threshold: number;
  /** 0..1: how uniform the border is; 1 is a perfectly flat backdrop. */
  uniformity: number;
}

/** How `findForeground` works: `halvedField` estimates the backdrop at half resolution (`halvedColourField`). */
export interface ForegroundOptions {
  halvedField?: boolean;
}

/** Below this border uniformity the backdrop counts as busy (a scene, not a studio backdrop). */
export const MIN_UNIFORMITY = 0.45;

/**
 * Separates the product from its backdrop: by alpha when the image has real transparency, else by colour
 * distance from the local backdrop (estimated around a first, coarser mask) with a threshold above the
 * border's own variation; cleans specks and fills small holes. On a busy backdrop, or when nothing stands
 * out, the whole frame is the subject (`busy`, `empty`). Never throws.
 */
export function findForeground(raw: RawImage, options: ForegroundOptions = {}): ForegroundMask {
  const { data, width, height } = raw;
  const count = width * height;
  const border = borderIndices(width, height, Math.max(2, Math.round(Math.min(width, height) * 0.03)));
  let transparent = 0;
  for (let i = 0; i < count; i++) if ((data[i * 4 + 3] ?? 255) < 128) transparent++;
  const flat = (colour: Rgb) => flatField(colour, count);

  if (raw.hasAlpha && transparent >= count * 0.005 && count - transparent >= count * 0.001) {
    const opaqueBorder = border.filter((i) => (data[i * 4 + 3] ?? 0) >= 128);
    const background: Rgb =
      opaqueBorder.length > border.length / 4 ? medianColor(data, opaqueBorder) : [255, 255, 255];
    const mask = new Uint8Array(count);
    for (let i = 0; i < count; i++) mask[i] = (data[i * 4 + 3] ?? 0) >= 128 ? 1 : 0;
    const uniformity = 1 - opaqueBorder.length / border.length;
    const field = flat(background);
    return {
      width,
      height,
      background,
      field,
      threshold: 0,
      uniformity,
      mask: cleanMask(mask, width, height, false),
      mode: 'alpha',
    };
  }

  const background = medianColor(data, border);
  const spread = quantile(
    border.map((i) => colorDistance(pixelAt(data, i), background)),
    0.9,
  );
  const uniformity = Math.max(0, Math.min(1, 1 - spread / 100));
  const whole = { width, height, background, mask: new Uint8Array(count).fill(1), uniformity };
  // A cut-out by colour on a busy scene makes confetti of it: the photo is kept whole instead.
  if (uniformity < MIN_UNIFORMITY) return { ...whole, field: flat(background), threshold: 0, mode: 'busy' };
  // First pass against the border's median colour, only to know which pixels to leave out of the backdrop.
  const rough = differsFromColour(data, background, count, limitFor(spread));
  const fieldOf = options.halvedField ? halvedColourField : colourField;
  const field = fieldOf(data, width, height, dilate(rough, width, height, 2), background);
  const localSpread = quantile(
    border.map((i) => colorDistance(pixelAt(data, i), fieldAt(field, i))),
    0.9,
  );
  const limit = limitFor(localSpread);
  const mask = cleanMask(differsFrom(data, field, count, limit), width, height, true);
  if (mask.reduce((sum, v) => sum + v, 0) < count * 0.001) {
    return { ...whole, field, threshold: limit, mode: 'empty' };
  }
  return { width, height, background, field, threshold: limit, uniformity, mask, mode: 'color' };
}

/** A field of one colour: `count` pixels of RGB floats. */
export function flatField(colour: Rgb, count: number): Float32Array {
  const field = new Float32Array(count * 3);
  const [r = 0, g = 0, b = 0] = colour;
  for (let o = 0; o < field.length; o += 3) {
    field[o] = r;
    field[o + 1] = g;
    field[o + 2] = b;
  }
  return field;
}

/** The backdrop colour at pixel `index` of a field. */
export function fieldAt(field: Float32Array, index: number): Rgb {
  return [field[index * 3] ?? 0, field[index * 3 + 1] ?? 0, field[index * 3 + 2] ?? 0];
}

/** The distance limit above the backdrop's own variation `spread`: never so low that grain counts. */
export function limitFor(spread: number): number {
  return Math.max(26, Math.min(96, spread * 1.5 + 18));
}

/** `differsFrom` against one colour everywhere, without allocating a field of it. */
function differsFromColour(data: Buffer, colour: Rgb, count: number, limit: number): Uint8Array {
  // A field stores floats: the colour as a field would hold it, so the distances are the field's.
  const [br, bg, bb] = Float32Array.from(colour);
  const mask = new Uint8Array(count);
  const distanceOf = backdropDistance; // bound once: an imported binding is a getter call per pixel
  for (let i = 0; i < count; i++) {
    const distance = distanceOf(
      data[i * 4] ?? 0,
      data[i * 4 + 1] ?? 0,
      data[i * 4 + 2] ?? 0,
      br ?? 0,
      bg ?? 0,
      bb ?? 0,
    );
    mask[i] = distance > limit ? 1 : 0;
  }
  return mask;
}

/** A 0/1 mask of the pixels standing out from `field` (RGB floats) by more than `limit`; see `backdropDistance`. */
export function differsFrom(data: Buffer, field: Float32Array, count: number, limit: number): Uint8Array {
  const mask = new Uint8Array(count);
  const distanceOf = backdropDistance; // bound once: an imported binding is a getter call per pixel
  for (let i = 0; i < count; i++) {
    const distance = distanceOf(
      data[i * 4] ?? 0,
      data[i * 4 + 1] ?? 0,
      data[i * 4 + 2] ?? 0,
      field[i * 3] ?? 0,
      field[i * 3 + 1] ?? 0,
      field[i * 3 + 2] ?? 0,
    );
    mask[i] = distance > limit ? 1 : 0;
  }
  return mask;
}
