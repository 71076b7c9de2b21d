import type { Rgb } from './colour';
import { colorDistance, deltaE } from './colour';

/** A dominant colour and the share (0..1) of the measured pixels nearest to it. */
export interface Swatch {
  rgb: Rgb;
  share: number;
}

/** How `dominantColors` looks for colours: each measurement keeps the settings it was tuned with. */
export interface PaletteSettings {
  /**
   * Median cut into `boxes` boxes (splitting the box with the widest channel range, weighed by √(its pixel
   * count) with `weighBySize`), then `rounds` k-means rounds.
   */
  clusters: { boxes: number; weighBySize: boolean; rounds: number };
  /**
   * Colours closer than `below` merge, measured in RGB distance or in ΔE (perceptual). With `resort` the
   * merged colours are sorted by frequency again; without it a colour that grew by merging may stay
   * behind a smaller one.
   */
  merge: { by: 'rgb' | 'deltaE'; below: number; resort: boolean };
  /** Colours under `minShare` are dropped (the most frequent always stays), and at most `most` are kept. */
  keep: { minShare: number; most: number };
}

/** A product's own colours: few, each distinct in RGB (the settings product analysis was tuned with). */
export const PRODUCT_PALETTE: PaletteSettings = {
  clusters: { boxes: 8, weighBySize: false, rounds: 6 },
  // The product's first colour tints its backdrop: re-sorting would change backdrops made until now.
  merge: { by: 'rgb', below: 28, resort: false },
  keep: { minShare: 0.04, most: 5 },
};

/** The colours a viewer sees in a picture, merged where the eye would not tell them apart. */
export const VIEWED_PALETTE: PaletteSettings = {
  clusters: { boxes: 6, weighBySize: true, rounds: 4 },
  merge: { by: 'deltaE', below: 12, resort: true },
  keep: { minShare: 0.03, most: Infinity },
};

/**
 * The dominant colours of `pixels`, most frequent first (see `merge.resort`): median cut into a few boxes,
 * refined by a few k-means rounds, near-duplicates merged and rare colours dropped. Deterministic: no
 * random seeding, so the same pixels always give the same palette. No pixels at all give one white swatch.
 * Never throws.
 */
export function dominantColors(pixels: readonly Rgb[], settings: PaletteSettings): Swatch[] {
  if (pixels.length === 0) return [{ rgb: [255, 255, 255], share: 1 }];
  const { clusters, merge, keep } = settings;
  let centres = medianCut(pixels, clusters.boxes, clusters.weighBySize);
  let counts: number[] = [];
  for (let round = 0; round < clusters.rounds; round++) ({ centres, counts } = kMeansStep(pixels, centres));
  const ranked = centres
    .map((rgb, k) => ({ rgb, count: counts[k] ?? 0 }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
  const distance = merge.by === 'rgb' ? colorDistance : deltaE;
  const merged: { rgb: Rgb; count: number }[] = [];
  for (const colour of ranked) {
    const twin = merged.find((m) => distance(m.rgb, colour.rgb) < merge.below);
    if (twin) twin.count += colour.count;
    else merged.push({ ...colour });
  }
  if (merge.resort) merged.sort((a, b) => b.count - a.count);
  return merged
    .filter((c, i) => i === 0 || c.count >= pixels.length * keep.minShare)
    .slice(0, keep.most)
    .map((c) => ({ rgb: c.rgb, share: c.count / pixels.length }));
}

// Splits the box with the widest channel range at its median until there are `boxes` of them.
function medianCut(pixels: readonly Rgb[], boxes: number, weighBySize: boolean): Rgb[] {
  const queue: Rgb[][] = [[...pixels]];
  while (queue.length < boxes) {
    let pick = -1;
    let best = 0;
    queue.forEach((box, i) => {
      const range = widestRange(box).range;
      const score = weighBySize ? range * Math.sqrt(box.length) : range;
      if (box.length > 1 && score > best) [pick, best] = [i, score];
    });
    const box = queue[pick];
    if (!box || best === 0) break;
    const { channel } = widestRange(box);
    const sorted = [...box].sort((a, b) => a[channel] - b[channel]);
    const half = Math.floor(sorted.length / 2);
    queue.splice(pick, 1, sorted.slice(0, half), sorted.slice(half));
  }
  return queue.map(average);
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

function kMeansStep(points: readonly Rgb[], centres: Rgb[]): { centres: Rgb[]; counts: number[] } {
  const sums = centres.map(() => [0, 0, 0]);
  const counts = centres.map(() => 0);
  for (const p of points) {
    let nearest = 0;
    let best = Infinity;
    centres.forEach((c, i) => {
      // Squared RGB distance is enough to assign points; the merge uses the settings' distance.
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
