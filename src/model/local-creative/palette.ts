import { deltaE, type Rgb } from './colors';
import type { Pixels } from './pixels';

/** A dominant colour and the share (0..1) of the measured pixels closest to it. */
export interface Swatch {
  color: Rgb;
  share: number;
}

/** Colours closer than this (ΔE) are one swatch to a viewer. */
const MERGE_DISTANCE = 12;

/**
 * The dominant colours of pixels, most frequent first: median cut into `k` boxes, refined by a few k-means
 * steps, near-duplicates merged and swatches under `minShare` dropped (the largest always stays).
 * Deterministic: no random seeding, so the same pixels always give the same palette.
 */
export function dominantColors(pixels: Pixels, k = 6, minShare = 0.03): Swatch[] {
  const points = opaquePoints(pixels);
  if (points.length === 0) return [{ color: [255, 255, 255], share: 1 }];
  let centres = medianCut(points, k);
  let counts: number[] = [];
  for (let step = 0; step < 4; step++) ({ centres, counts } = kMeansStep(points, centres));
  const swatches = centres
    .map((color, i) => ({ color, share: (counts[i] ?? 0) / points.length }))
    .filter((s) => s.share > 0)
    .sort((a, b) => b.share - a.share);
  const merged: Swatch[] = [];
  for (const swatch of swatches) {
    const near = merged.find((m) => deltaE(m.color, swatch.color) < MERGE_DISTANCE);
    if (near) near.share += swatch.share;
    else merged.push({ ...swatch });
  }
  merged.sort((a, b) => b.share - a.share);
  return merged.filter((s, i) => i === 0 || s.share >= minShare);
}

// Fully transparent pixels carry no visible colour, so they do not vote.
function opaquePoints(pixels: Pixels): Rgb[] {
  const points: Rgb[] = [];
  const { data, channels } = pixels;
  for (let o = 0; o < data.length; o += channels) {
    if (channels === 4 && (data[o + 3] ?? 0) < 128) continue;
    points.push([data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0]);
  }
  return points;
}

function medianCut(points: Rgb[], k: number): Rgb[] {
  const boxes: Rgb[][] = [points];
  while (boxes.length < k) {
    let pick = -1;
    let best = 0;
    boxes.forEach((box, i) => {
      const score = widestRange(box).range * Math.sqrt(box.length);
      if (box.length > 1 && score > best) [pick, best] = [i, score];
    });
    const box = boxes[pick];
    if (!box || best === 0) break;
    const { channel } = widestRange(box);
    const sorted = [...box].sort((a, b) => a[channel] - b[channel]);
    const half = Math.floor(sorted.length / 2);
    boxes.splice(pick, 1, sorted.slice(0, half), sorted.slice(half));
  }
  return boxes.map(average);
}

function widestRange(box: Rgb[]): { channel: 0 | 1 | 2; range: number } {
  const lo = [255, 255, 255];
  const hi = [0, 0, 0];
  for (const p of box) {
    for (let c = 0; c < 3; c++) {
      lo[c] = Math.min(lo[c] ?? 255, p[c as 0 | 1 | 2]);
      hi[c] = Math.max(hi[c] ?? 0, p[c as 0 | 1 | 2]);
    }
  }
  const ranges = [0, 1, 2].map((c) => (hi[c] ?? 0) - (lo[c] ?? 0));
  const channel = ranges.indexOf(Math.max(...ranges)) as 0 | 1 | 2;
  return { channel, range: ranges[channel] ?? 0 };
}

function average(box: Rgb[]): Rgb {
  const sum = [0, 0, 0];
  for (const p of box) for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + p[c as 0 | 1 | 2];
  const n = Math.max(1, box.length);
  return [(sum[0] ?? 0) / n, (sum[1] ?? 0) / n, (sum[2] ?? 0) / n];
}

function kMeansStep(points: Rgb[], centres: Rgb[]): { centres: Rgb[]; counts: number[] } {
  const sums = centres.map(() => [0, 0, 0]);
  const counts = centres.map(() => 0);
  for (const p of points) {
    let nearest = 0;
    let best = Infinity;
    centres.forEach((c, i) => {
      // Squared RGB distance is enough to assign points; ΔE is kept for merging, where it matters.
      const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2;
      if (d < best) [nearest, best] = [i, d];
    });
    const sum = sums[nearest];
    if (sum) for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + p[c as 0 | 1 | 2];
    counts[nearest] = (counts[nearest] ?? 0) + 1;
  }
  const next = centres.map((c, i): Rgb => {
    const n = counts[i] ?? 0;
    const sum = sums[i] ?? [0, 0, 0];
    return n === 0 ? c : [(sum[0] ?? 0) / n, (sum[1] ?? 0) / n, (sum[2] ?? 0) / n];
  });
  return { centres: next, counts };
}
