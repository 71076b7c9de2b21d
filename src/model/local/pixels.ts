import sharp from 'sharp';

/** An sRGB colour, channels 0..255. */
export type Rgb = readonly [number, number, number];

/** A raw 8-bit RGBA copy of an image (possibly downscaled), with the original's size. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  /** Size of the original image (upright). */
  sourceWidth: number;
  sourceHeight: number;
  /** Whether the original has an alpha channel. */
  hasAlpha: boolean;
}

/**
 * Decodes an image into raw RGBA, downscaled so the longest side is at most `maxSide` (never upscaled).
 * Measurements run on such copies so that big photos stay fast and memory-bounded. Throws what sharp throws.
 */
export async function loadRaw(bytes: Buffer, maxSide: number): Promise<RawImage> {
  const image = sharp(bytes, { sequentialRead: true });
  const metadata = await image.metadata();
  const { data, info } = await image
    .autoOrient()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    sourceWidth: metadata.autoOrient.width,
    sourceHeight: metadata.autoOrient.height,
    hasAlpha: metadata.hasAlpha === true,
  };
}

/** Parses `#rrggbb`; throws on anything else. */
export function hexToRgb(hex: string): Rgb {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: '${hex}'`);
  return [parseInt(match[1] ?? '0', 16), parseInt(match[2] ?? '0', 16), parseInt(match[3] ?? '0', 16)];
}

/** Formats a colour as lower-case `#rrggbb`, rounding and clamping each channel. */
export function rgbToHex(rgb: Rgb): string {
  return `#${rgb.map((c) => clampByte(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Rounds and clamps to 0..255. */
export function clampByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

/** Euclidean distance between two colours in RGB (0..441). */
export function colorDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** `a` moved towards `b` by `t` (0 keeps `a`, 1 gives `b`). */
export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Luma (Rec. 709 weights on the gamma-encoded values), 0..1. */
export function luma(r: number, g: number, b: number): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The per-channel median of the pixels at `indices` (pixel indices into an RGBA buffer). */
export function medianColor(data: Buffer, indices: readonly number[]): Rgb {
  const channel = (c: number) => median(indices.map((i) => data[i * 4 + c] ?? 0));
  return [channel(0), channel(1), channel(2)];
}

/** The median of a list of numbers (0 for an empty list). */
export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The `q` quantile (0..1) of a list of numbers, by sorting a copy (0 for an empty list). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Pixel indices of a strip `band` pixels wide along the four edges of a `width`×`height` image. */
export function borderIndices(width: number, height: number, band: number): number[] {
  const indices: number[] = [];
  for (let y = 0; y < height; y++) {
    const edgeRow = y < band || y >= height - band;
    for (let x = 0; x < width; x++) {
      if (edgeRow || x < band || x >= width - band) indices.push(y * width + x);
    }
  }
  return indices;
}

/** Hermite smoothstep: 0 below `edge0`, 1 above `edge1`, smooth between. */
export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/**
 * How far a pixel stands out from the backdrop colour behind it, in RGB-distance units, with darkening
 * discounted: a shadow is the backdrop made darker, so it counts for less than 1/2 of its RGB distance,
 * while a change of hue or a lightening counts in full.
 */
export function backdropDistance(
  r: number,
  g: number,
  b: number,
  br: number,
  bg: number,
  bb: number,
): number {
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const by = 0.2126 * br + 0.7152 * bg + 0.0722 * bb;
  const chroma = Math.hypot(r - y - (br - by), g - y - (bg - by), b - y - (bb - by));
  const light = (y - by) * (y < by ? SHADOW_WEIGHT : 1);
  return Math.sqrt(chroma * chroma + 3 * light * light);
}

const SHADOW_WEIGHT = 0.45;
