import type { Rgb } from './pixels';
import { colorDistance } from './pixels';

/** A dominant colour and the share of the sampled pixels nearest to it. */
export interface PaletteColor {
  rgb: Rgb;
  share: number;
}

/**
 * The 1–5 dominant colours of `pixels` (RGB triples), most frequent first: median cut into 8 boxes,
 * refined by a few k-means rounds, near-duplicates merged and rare colours (< 4%) dropped. Deterministic;
 * throws when `pixels` is empty.
 */
export function dominantColors(pixels: readonly Rgb[], maxColors = 5): PaletteColor[] {
  if (pixels.length === 0) throw new Error('dominantColors needs at least one pixel');
  let centres = medianCut(pixels, 8);
  let counts: number[] = [];
  for (let round = 0; round < 6; round++) {
    const sums = centres.map(() => [0, 0, 0, 0]);
    for (const p of pixels) {
      const sum = sums[nearest(p, centres)];
      if (!sum) continue;
      sum[0] = (sum[0] ?? 0) + p[0];
      sum[1] = (sum[1] ?? 0) + p[1];
      sum[2] = (sum[2] ?? 0) + p[2];
      sum[3] = (sum[3] ?? 0) + 1;
    }
    counts = sums.map((s) => s[3] ?? 0);
    centres = sums.map((s, k) =>
      s[3] ? [(s[0] ?? 0) / s[3], (s[1] ?? 0) / s[3], (s[2] ?? 0) / s[3]] : (centres[k] ?? [0, 0, 0]),
    );
  }
  const ranked = centres
    .map((rgb, k) => ({ rgb, count: counts[k] ?? 0 }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
  const merged: { rgb: Rgb; count: number }[] = [];
  for (const colour of ranked) {
    const twin = merged.find((m) => colorDistance(m.rgb, colour.rgb) < 28);
    if (twin) twin.count += colour.count;
    else merged.push({ ...colour });
  }
  const kept = merged.filter((c, i) => i === 0 || c.count >= pixels.length * 0.04).slice(0, maxColors);
  return kept.map((c) => ({ rgb: c.rgb, share: c.count / pixels.length }));
}

function nearest(p: Rgb, centres: readonly Rgb[]): number {
  let best = 0;
  let bestDistance = Infinity;
  centres.forEach((c, k) => {
    const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  });
  return best;
}

// Splits the box with the widest channel range at its median until there are `boxes` of them.
function medianCut(pixels: readonly Rgb[], boxes: number): Rgb[] {
  const queue: Rgb[][] = [[...pixels]];
  while (queue.length < boxes) {
    let widest = -1;
    let widestRange = 0;
    let widestChannel = 0;
    queue.forEach((box, k) => {
      for (let c = 0; c < 3; c++) {
        let low = 255;
        let high = 0;
        for (const p of box) {
          low = Math.min(low, p[c] ?? 0);
          high = Math.max(high, p[c] ?? 0);
        }
        if (box.length > 1 && high - low > widestRange)
          [widest, widestRange, widestChannel] = [k, high - low, c];
      }
    });
    const box = queue[widest];
    if (!box) break;
    const sorted = [...box].sort((a, b) => (a[widestChannel] ?? 0) - (b[widestChannel] ?? 0));
    const half = Math.floor(sorted.length / 2);
    queue.splice(widest, 1, sorted.slice(0, half), sorted.slice(half));
  }
  return queue.map((box) => {
    const sum = box.reduce<[number, number, number]>(
      (s, p) => [s[0] + p[0], s[1] + p[1], s[2] + p[2]],
      [0, 0, 0],
    );
    return [sum[0] / box.length, sum[1] / box.length, sum[2] / box.length];
  });
}

/** A plain colour name for descriptions ("deep red", "off-white"), from hue, saturation and lightness. */
export function colorName(rgb: Rgb): string {
  const [r, g, b] = rgb.map((c) => c / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  const chroma = max - min;
  if (chroma < 0.08 || (chroma < 0.12 && (lightness > 0.85 || lightness < 0.15))) {
    if (lightness > 0.93) return 'white';
    if (lightness > 0.82) return 'off-white';
    if (lightness > 0.6) return 'light grey';
    if (lightness > 0.35) return 'grey';
    if (lightness > 0.15) return 'charcoal';
    return 'black';
  }
  let hue = 0;
  if (max === r) hue = ((g - b) / chroma + 6) % 6;
  else if (max === g) hue = (b - r) / chroma + 2;
  else hue = (r - g) / chroma + 4;
  hue *= 60;
  const names: [number, string][] = [
    [15, 'red'],
    [40, 'orange'],
    [65, 'yellow'],
    [160, 'green'],
    [195, 'teal'],
    [255, 'blue'],
    [290, 'purple'],
    [335, 'pink'],
    [360, 'red'],
  ];
  let name = names.find(([limit]) => hue < limit)?.[1] ?? 'red';
  if (name === 'orange' && lightness < 0.45) name = 'brown';
  if ((name === 'orange' || name === 'yellow') && lightness > 0.75) name = 'beige';
  if (name === 'red' && lightness > 0.72) name = 'pink';
  if (name === 'blue' && lightness < 0.3) name = 'navy';
  const shade =
    lightness < 0.28 ? 'deep ' : lightness > 0.78 && name !== 'beige' && name !== 'pink' ? 'pale ' : '';
  return `${shade}${name}`;
}
