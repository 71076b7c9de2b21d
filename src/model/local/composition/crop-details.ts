import type { ImageData } from '../../creative-model';
import { lumaOf, open, orientedSize, readVisible, toPng } from '../pixels';
import { requireInt } from '../require-int';

/** Detail is measured on a copy this small; crops are then cut from the full image. */
const MEASURE_SIDE = 256;

interface Window {
  x: number;
  y: number;
  score: number;
}

/**
 * Close-ups of the most detailed parts of an image: square windows (40% of the shorter side) ranked by
 * their mean Laplacian energy, picked greedily so they overlap little, cut from the full image, flattened
 * on white and resized to `size`. Returns exactly `count` PNGs; throws a non-retryable `InvalidInput` for a
 * count outside 1..16 or a size outside 32..2048, `CorruptImage` when the image does not decode.
 */
export async function cropDetails(request: {
  image: ImageData;
  count: number;
  size: number;
}): Promise<ImageData[]> {
  const { image, count, size } = request;
  requireInt('count', count, 1, 16);
  requireInt('size', size, 32, 2048);
  const full = await orientedSize(image);
  const pixels = await readVisible(image, MEASURE_SIDE);
  const side = Math.max(4, Math.round(Math.min(pixels.width, pixels.height) * 0.4));
  const windows = rankWindows(lumaOf(pixels), pixels.width, pixels.height, side);
  const chosen = pickSpread(windows, side, count);
  const scale = Math.min(full.width / pixels.width, full.height / pixels.height);
  const cropSide = Math.max(1, Math.min(full.width, full.height, Math.round(side * scale)));
  // One crop at a time: each decodes the full image, and sixteen at once would not keep memory bounded.
  const crops: ImageData[] = [];
  for (const w of chosen) {
    const left = Math.min(full.width - cropSide, Math.max(0, Math.round(w.x * scale)));
    const top = Math.min(full.height - cropSide, Math.max(0, Math.round(w.y * scale)));
    const region = { left, top, width: cropSide, height: cropSide };
    crops.push(
      await toPng(open(image).extract(region).resize(size, size).flatten({ background: '#ffffff' })),
    );
  }
  return crops;
}

// Every window on a quarter-side stride, scored by mean |Laplacian| from a summed-area table.
function rankWindows(luma: Float32Array, width: number, height: number, side: number): Window[] {
  const table = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = luma[i] ?? 0;
      const lap =
        x > 0 && y > 0 && x < width - 1 && y < height - 1
          ? Math.abs(
              4 * c -
                (luma[i - 1] ?? 0) -
                (luma[i + 1] ?? 0) -
                (luma[i - width] ?? 0) -
                (luma[i + width] ?? 0),
            )
          : 0;
      row += lap;
      table[(y + 1) * (width + 1) + x + 1] = (table[y * (width + 1) + x + 1] ?? 0) + row;
    }
  }
  const at = (x: number, y: number) => table[y * (width + 1) + x] ?? 0;
  const stride = Math.max(1, Math.floor(side / 4));
  const windows: Window[] = [];
  for (let y = 0; y + side <= height; y += stride) {
    for (let x = 0; x + side <= width; x += stride) {
      const sum = at(x + side, y + side) - at(x, y + side) - at(x + side, y) + at(x, y);
      windows.push({ x, y, score: sum / (side * side) });
    }
  }
  // Ties (flat images) break by position, so the order never depends on the sort's stability.
  return windows.sort((a, b) => b.score - a.score || a.y - b.y || a.x - b.x);
}

// Greedy: the best windows that overlap the chosen ones little; then less strictly; then repeats if must.
function pickSpread(windows: Window[], side: number, count: number): Window[] {
  const chosen: Window[] = [];
  for (const maxOverlap of [0.2, 0.5, 0.9]) {
    for (const w of windows) {
      if (chosen.length === count) return chosen;
      if (chosen.every((c) => overlap(c, w, side) <= maxOverlap)) chosen.push(w);
    }
  }
  const distinct = Math.max(1, chosen.length);
  for (let i = 0; chosen.length < count; i++)
    chosen.push(chosen[i % distinct] ?? windows[0] ?? { x: 0, y: 0, score: 0 });
  return chosen;
}

function overlap(a: Window, b: Window, side: number): number {
  const ix = Math.max(0, side - Math.abs(a.x - b.x));
  const iy = Math.max(0, side - Math.abs(a.y - b.y));
  return (ix * iy) / (side * side);
}
