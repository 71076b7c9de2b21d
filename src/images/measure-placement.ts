import type { ImageData } from '../model/creative-model';
import {
  findForeground,
  type ForegroundMask,
  type ForegroundOptions,
} from '../model/local/analysis/foreground-mask';
import type { RawImage } from '../model/local/pixels';
import { loadRaw } from '../model/local/pixels';
import { nonRetryable } from '../shared/failures';
import type { ProductAnalysis } from '../shared/product';
import { maskParts } from './mask-parts';

/** Longest side of the copies placement is measured on. */
export const PLACEMENT_SIDE = 512;
/**
 * How the checks (quality, placement) find a composite's foreground: the backdrop estimated at half
 * resolution, a quarter of the work for a smooth field (docs/quality-check-cpu.md shows the masks).
 */
export const CHECK_FOREGROUND: ForegroundOptions = { halvedField: true };
/** Points sampled along each side of the product's box. */
const SAMPLES_PER_SIDE = 48;
/** Colour distance (RGB, 0..441) under which two pixels count as the same colour. */
const SAME_COLOUR = 48;
/** Colour distance over which the two sides of the box's outline count as a hard edge. */
const HARD_EDGE = 48;

/** How a product photo was placed in a composed image. */
export interface PlacementMetrics {
  /**
   * 0..1: share of the product's outline in the composite that is the photo's own edge, standing out hard
   * from the new backdrop. Near 1 when the whole photo was pasted as a rectangle (a framed print) instead
   * of a cut-out; a cut-out's outline is the product's, and the photo's border (its old backdrop) is gone.
   */
  framed: number;
  /** How many times the product's pixels were enlarged to fill the canvas (1 = shown at its own size). */
  upscale: number;
}

/**
 * Measures how a product photo was placed in a composite: `framed` and `upscale` (see `PlacementMetrics`).
 * `bounds` are the product's bounds in the photo, as the analysis measured them. Model-agnostic: it looks
 * only at the two images. Deterministic; throws `CorruptImage` when either image cannot be decoded.
 */
export async function measurePlacement(
  composite: ImageData,
  photo: ImageData,
  bounds: ProductAnalysis['subjectBounds'],
): Promise<PlacementMetrics> {
  const [out, src] = await Promise.all([
    loadRaw(composite.bytes, PLACEMENT_SIDE),
    loadPlacementPhoto(photo),
  ]).catch((error: unknown) => {
    throw nonRetryable('CorruptImage', `image to check cannot be decoded: ${String(error)}`, {});
  });
  return placementOf(out, findForeground(out, CHECK_FOREGROUND), src, bounds);
}

/** Decodes the copy of the product photo placement compares with; throws what sharp throws. */
export function loadPlacementPhoto(photo: ImageData, decode: typeof loadRaw = loadRaw): Promise<RawImage> {
  return decode(photo.bytes, PLACEMENT_SIDE);
}

/**
 * `measurePlacement` over decoded copies: `out`, the composite at most `PLACEMENT_SIDE` px (RGBA), with
 * its foreground as `findForeground` finds it, and `src`, the photo's copy (`loadPlacementPhoto`). Pure.
 */
export function placementOf(
  out: RawImage,
  found: ForegroundMask,
  src: RawImage,
  bounds: ProductAnalysis['subjectBounds'],
): PlacementMetrics {
  const box = productBox(out, found);
  const scale = out.sourceWidth / out.width;
  // The smaller of the two ratios: a shadow below or beside the product widens its box in one direction only.
  const upscale = Math.min(
    (box.width * scale) / Math.max(1, bounds.width),
    (box.height * scale) / Math.max(1, bounds.height),
  );
  return { framed: round(framedShare(out, src, box), 3), upscale: round(upscale, 2) };
}

/**
 * The reasons a placement fails its limits (empty when it passes), each naming the metric, its value, the
 * limit and what it means. Pure; never throws.
 */
export function placementReasons(
  metrics: Partial<PlacementMetrics>,
  limits: { maxFramed: number; maxUpscale: number },
): string[] {
  const reasons: string[] = [];
  if (metrics.framed !== undefined && metrics.framed > limits.maxFramed) {
    reasons.push(
      `framed ${metrics.framed.toFixed(2)} is above the maximum ${limits.maxFramed}: the product was not ` +
        `cut out, the whole photo was pasted as a rectangle`,
    );
  }
  if (metrics.upscale !== undefined && metrics.upscale > limits.maxUpscale) {
    reasons.push(
      `upscale ${metrics.upscale.toFixed(2)}x is above the maximum ${limits.maxUpscale}x: the photo is too ` +
        `small for this canvas`,
    );
  }
  return reasons;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

// The box around everything standing out from the composite's backdrop; the whole image when nothing does.
function productBox(raw: RawImage, found: ForegroundMask): Box {
  const parts = found.mode === 'busy' ? [] : maskParts(found.mask, raw.width, raw.height);
  if (parts.length === 0) return { left: 0, top: 0, width: raw.width, height: raw.height };
  const left = Math.min(...parts.map((p) => p.left));
  const top = Math.min(...parts.map((p) => p.top));
  const right = Math.max(...parts.map((p) => p.right));
  const bottom = Math.max(...parts.map((p) => p.bottom));
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

// Walks the four sides of the box: a point counts when the pixel just inside the box is the photo's own
// border pixel at the same place (within SAME_COLOUR) and differs hard from the pixel just outside it.
function framedShare(out: RawImage, src: RawImage, box: Box): number {
  const inset = Math.max(2, Math.round(Math.min(box.width, box.height) * 0.03));
  let framed = 0;
  let total = 0;
  for (let side = 0; side < 4; side++) {
    for (let k = 0; k < SAMPLES_PER_SIDE; k++) {
      // Corners are left out: that is where a drop shadow shows most.
      const t = 0.1 + (0.8 * (k + 0.5)) / SAMPLES_PER_SIDE;
      const [u, v, du, dv] = sidePoint(side, t);
      const relX = (inset * du) / box.width;
      const relY = (inset * dv) / box.height;
      const inner = patch(out, box.left + (u + relX) * box.width, box.top + (v + relY) * box.height, 2);
      const outer = patch(out, box.left + (u - relX) * box.width, box.top + (v - relY) * box.height, 2);
      const own = patch(src, (u + relX) * src.width, (v + relY) * src.height, (2 * src.width) / box.width);
      total++;
      if (!inner || !outer || !own) continue;
      // The photo's pixel as it would look pasted over the new backdrop: a transparent border (a cut-out)
      // looks like the backdrop itself, so it never makes a hard edge.
      const alpha = own[3] ?? 255;
      const pasted = own.map((c, i) => (i < 3 ? (c * alpha + (outer[i] ?? 0) * (255 - alpha)) / 255 : c));
      if (distance(inner, pasted) < SAME_COLOUR && distance(inner, outer) > HARD_EDGE) framed++;
    }
  }
  return total > 0 ? framed / total : 0;
}

// A point on side `side` (top, right, bottom, left) at `t` along it, in 0..1 box units, and the inward
// direction.
function sidePoint(side: number, t: number): [number, number, number, number] {
  if (side === 0) return [t, 0, 0, 1];
  if (side === 1) return [1, t, -1, 0];
  if (side === 2) return [t, 1, 0, -1];
  return [0, t, 1, 0];
}

// The mean RGBA of the square of half-side `radius` around (x, y), so that fine texture sampled a pixel
// apart in two differently scaled copies still compares equal; undefined when (x, y) is off the image.
function patch(raw: RawImage, x: number, y: number, radius: number): number[] | undefined {
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  if (cx < 0 || cy < 0 || cx >= raw.width || cy >= raw.height) return undefined;
  const r = Math.max(0, Math.round(radius));
  const sum = [0, 0, 0, 0];
  let n = 0;
  for (let py = Math.max(0, cy - r); py <= Math.min(raw.height - 1, cy + r); py++) {
    for (let px = Math.max(0, cx - r); px <= Math.min(raw.width - 1, cx + r); px++) {
      const i = (py * raw.width + px) * 4;
      for (let c = 0; c < 4; c++) sum[c] = (sum[c] ?? 0) + (raw.data[i + c] ?? 255);
      n++;
    }
  }
  return sum.map((v) => v / n);
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0), (a[2] ?? 0) - (b[2] ?? 0));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
