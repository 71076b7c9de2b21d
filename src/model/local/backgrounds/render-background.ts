import sharp from 'sharp';
import { nonRetryable } from '../../../shared/failures';
import type { BackgroundStyle } from '../../../shared/styles';
import type { BackgroundRequest, ImageData } from '../../creative-model';
import { hexToRgb, luma, mixRgb, type Rgb } from '../colour';

/** How a style's sweep backdrop is lit: wall top, the bright band where wall meets floor, floor front. */
interface SweepLook {
  top: string;
  horizon: string;
  bottom: string;
  /** Extra brightness of the light spot behind the product (a gain; 0.1 is +10% at its centre). */
  spot: number;
  /** Darkening towards the left and right edges (a gain). */
  vignette: number;
}

/** The look of each background style. */
export const SWEEP_LOOKS: Readonly<Record<BackgroundStyle, SweepLook>> = {
  'studio-white': { top: '#efefed', horizon: '#fcfcfb', bottom: '#e8e7e4', spot: 0.02, vignette: 0.04 },
  'warm-beige': { top: '#e2d2be', horizon: '#f2e8db', bottom: '#d6c3ab', spot: 0.03, vignette: 0.06 },
  'cool-grey': { top: '#cdd1d6', horizon: '#e7eaed', bottom: '#c1c6cc', spot: 0.03, vignette: 0.06 },
  'soft-pastel': { top: '#e6ddef', horizon: '#fbf0f1', bottom: '#efdad6', spot: 0.02, vignette: 0.05 },
  'dark-luxe': { top: '#1c1c20', horizon: '#3b3835', bottom: '#131315', spot: 0.18, vignette: 0.12 },
};

/** Where the wall meets the floor, as a fraction of the height, and how soft the curve of the sweep is. */
const HORIZON = 0.7;
const SWEEP = 0.16;
/** Share of the product's main colour mixed into the backdrop so the two belong together. */
const TINT = 0.1;
const MAX_SIDE = 8192;

/**
 * Renders a studio "sweep" backdrop for a style: a soft vertical gradient from wall to floor, a light spot
 * behind the product and a slight side vignette, tinted with the palette's first colour. Returns a PNG of
 * exactly the requested size; deterministic (same request, same bytes). Throws `InvalidInput` for a bad size
 * or colour.
 */
export async function renderBackground(request: BackgroundRequest): Promise<ImageData> {
  const { width, height } = request;
  for (const [field, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_SIDE) {
      throw nonRetryable(
        'InvalidInput',
        `background ${field} ${value} must be a whole number from 1 to ${MAX_SIDE}`,
        {
          field,
          value,
        },
      );
    }
  }
  const look = SWEEP_LOOKS[request.style];
  if (!look)
    throw nonRetryable('InvalidInput', `background style '${String(request.style)}' is unknown`, {
      field: 'style',
    });
  const tint = request.palette[0] === undefined ? undefined : parseColour(request.palette[0]);
  const top = tinted(hexToRgb(look.top), tint);
  const horizon = tinted(hexToRgb(look.horizon), tint);
  const bottom = tinted(hexToRgb(look.bottom), tint);
  const rows = Array.from({ length: height }, (_, y) =>
    sweepColour(y / Math.max(1, height - 1), top, horizon, bottom),
  );
  const data = Buffer.alloc(width * height * 3);
  // Per-column terms, computed once: the horizontal distance from the light and the side vignette.
  const dx2 = Float64Array.from({ length: width }, (_, x) => ((x / width - 0.5) / 0.6) ** 2);
  const edge = Float64Array.from(
    { length: width },
    (_, x) => look.vignette * (2 * Math.abs(x / width - 0.5)) ** 2.5,
  );
  const { spot } = look;
  for (let y = 0; y < height; y++) {
    const [red, green, blue] = rows[y] ?? [0, 0, 0];
    const dy2 = ((y / height - (HORIZON - 0.12)) / 0.55) ** 2;
    for (let x = 0; x < width; x++) {
      const lit = Math.max(0, 1 - (dx2[x] ?? 0) - dy2);
      const gain = 1 + spot * lit * lit - (edge[x] ?? 0);
      // A tiny fixed dither: without it the long, shallow gradients show bands, worst on dark-luxe.
      const dither = (hash(x, y) - 0.5) * 0.9;
      const i = (y * width + x) * 3;
      data[i] = toByte(red * gain + dither);
      data[i + 1] = toByte(green * gain + dither);
      data[i + 2] = toByte(blue * gain + dither);
    }
  }
  // A backdrop is an intermediate the composition decodes: a fast, lossless PNG level (about 1.5 times the
  // bytes of level 6 for a quarter of its CPU) gives the composition the same pixels.
  const bytes = await sharp(data, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 2 })
    .toBuffer();
  return { bytes, mimeType: 'image/png', width, height };
}

// Wall from `top` to the bright `horizon`, easing through the curve of the sweep into the floor.
function sweepColour(v: number, top: Rgb, horizon: Rgb, bottom: Rgb): Rgb {
  if (v < HORIZON - SWEEP) return mixRgb(top, horizon, ease(v / (HORIZON - SWEEP)) * 0.85);
  if (v < HORIZON + SWEEP) {
    const t = (v - (HORIZON - SWEEP)) / (2 * SWEEP);
    const wallEnd = mixRgb(top, horizon, 0.85);
    return t < 0.5
      ? mixRgb(wallEnd, horizon, ease(t * 2))
      : mixRgb(horizon, mixRgb(horizon, bottom, 0.25), ease(t * 2 - 1));
  }
  const t = (v - (HORIZON + SWEEP)) / (1 - HORIZON - SWEEP);
  return mixRgb(mixRgb(horizon, bottom, 0.25), bottom, ease(t));
}

// Adds the palette colour's hue but keeps the style's lightness, so a dark backdrop stays dark.
function tinted(base: Rgb, tint: Rgb | undefined): Rgb {
  if (!tint) return base;
  const mixed = mixRgb(base, tint, TINT);
  const gain = luma(...base) / Math.max(1e-3, luma(...mixed));
  return [mixed[0] * gain, mixed[1] * gain, mixed[2] * gain];
}

function parseColour(hex: string): Rgb {
  try {
    return hexToRgb(hex);
  } catch {
    throw nonRetryable('InvalidInput', `palette colour '${hex}' is not a #rrggbb colour`, {
      field: 'palette',
      value: hex,
    });
  }
}

// `clampByte` without its calls, for the per-pixel loop: the same byte for every finite value.
function toByte(value: number): number {
  const rounded = Math.round(value);
  return rounded < 0 ? 0 : rounded > 255 ? 255 : rounded;
}

function ease(t: number): number {
  return t * t * (3 - 2 * t);
}

// A small integer hash of the pixel position, 0..1: noise that is the same on every run.
function hash(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
