import type { Rgb } from '../colour';

/**
 * The local colour of the pixels outside `exclude`, filled in across it: a normalised convolution (blurred
 * colour divided by blurred weight) at a fine scale where enough such pixels are near, a coarse one further
 * in, else `fallback`. With the product excluded it is the backdrop behind the product, following vignettes,
 * gradients and light spots; with the backdrop excluded it is the product's local colour. RGB, three floats
 * a pixel. Never throws.
 */
export function colourField(
  data: Buffer,
  width: number,
  height: number,
  exclude: Uint8Array,
  fallback: Rgb,
): Float32Array {
  const count = width * height;
  // Planes 0..2 hold colour times weight, plane 3 the weight (1 for included pixels, 0 for excluded ones).
  const planes = [0, 1, 2, 3].map(() => new Float32Array(count));
  for (const [c, plane] of planes.entries()) {
    for (let i = 0; i < count; i++) plane[i] = exclude[i] ? 0 : c === 3 ? 1 : (data[i * 4 + c] ?? 0);
  }
  const side = Math.max(width, height);
  const fine = planes.map((p) => blur(p, width, height, Math.max(1, Math.round(side * 0.04))));
  const coarse = planes.map((p) => blur(p, width, height, Math.max(1, Math.round(side * 0.2))));
  const field = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const wf = fine[3]?.[i] ?? 0;
    const wc = coarse[3]?.[i] ?? 0;
    const tf = ramp(wf);
    const tc = ramp(wc);
    for (let c = 0; c < 3; c++) {
      const coarseValue = wc > 1e-4 ? (coarse[c]?.[i] ?? 0) / wc : (fallback[c] ?? 0);
      const fineValue = wf > 1e-4 ? (fine[c]?.[i] ?? 0) / wf : coarseValue;
      const far = tc * coarseValue + (1 - tc) * (fallback[c] ?? 0);
      field[i * 3 + c] = tf * fineValue + (1 - tf) * far;
    }
  }
  return field;
}

// How much to trust a blurred estimate, by the share of backdrop pixels that went into it.
function ramp(weight: number): number {
  const t = Math.max(0, Math.min(1, (weight - 0.01) / 0.09));
  return t * t * (3 - 2 * t);
}

// Three box blurs approximate a Gaussian; running sums keep each pass linear in the pixel count.
function blur(plane: Float32Array, width: number, height: number, radius: number): Float32Array {
  let out = plane;
  for (let pass = 0; pass < 3; pass++) {
    out = boxPass(out, width, height, radius, 1, width);
    out = boxPass(out, height, width, radius, width, 1);
  }
  return out;
}

// One box pass along lines of `length` samples `step` apart; `lines` lines start `lineStep` apart.
function boxPass(
  src: Float32Array,
  length: number,
  lines: number,
  radius: number,
  step: number,
  lineStep: number,
) {
  const out = new Float32Array(src.length);
  const size = 2 * radius + 1;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    const last = base + (length - 1) * step;
    // Samples beyond either end repeat the end sample.
    let sum = (radius + 1) * (src[base] ?? 0);
    for (let k = 1; k <= radius; k++) sum += src[base + Math.min(k, length - 1) * step] ?? 0;
    for (let k = 0; k < length; k++) {
      out[base + k * step] = sum / size;
      const add = k + radius + 1 < length ? base + (k + radius + 1) * step : last;
      const drop = k - radius >= 0 ? base + (k - radius) * step : base;
      sum += (src[add] ?? 0) - (src[drop] ?? 0);
    }
  }
  return out;
}
