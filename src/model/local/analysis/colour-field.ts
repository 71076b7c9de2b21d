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
  const [red, green, blue, weight] = planes as [Float32Array, Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < count; i++) {
    if (exclude[i]) continue;
    red[i] = data[i * 4] ?? 0;
    green[i] = data[i * 4 + 1] ?? 0;
    blue[i] = data[i * 4 + 2] ?? 0;
    weight[i] = 1;
  }
  const side = Math.max(width, height);
  const fine = planes.map((p) => blur(p, width, height, Math.max(1, Math.round(side * 0.04))));
  const coarse = planes.map((p) => blur(p, width, height, Math.max(1, Math.round(side * 0.2))));
  const field = new Float32Array(count * 3);
  const [fineRed, fineGreen, fineBlue, fineWeight] = fine as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const [coarseRed, coarseGreen, coarseBlue, coarseWeight] = coarse as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const [fallbackRed = 0, fallbackGreen = 0, fallbackBlue = 0] = fallback;
  for (let i = 0; i < count; i++) {
    const wf = fineWeight[i] ?? 0;
    const wc = coarseWeight[i] ?? 0;
    const tf = ramp(wf);
    const tc = ramp(wc);
    field[i * 3] = mix(fineRed[i] ?? 0, coarseRed[i] ?? 0, fallbackRed, wf, wc, tf, tc);
    field[i * 3 + 1] = mix(fineGreen[i] ?? 0, coarseGreen[i] ?? 0, fallbackGreen, wf, wc, tf, tc);
    field[i * 3 + 2] = mix(fineBlue[i] ?? 0, coarseBlue[i] ?? 0, fallbackBlue, wf, wc, tf, tc);
  }
  return field;
}

// One channel of the field: the fine estimate where it has enough weight, else the coarse one, else the
// fallback, blended by trust (`tf`, `tc`) in the weights `wf`, `wc`.
function mix(
  fine: number,
  coarse: number,
  fallback: number,
  wf: number,
  wc: number,
  tf: number,
  tc: number,
): number {
  const coarseValue = wc > 1e-4 ? coarse / wc : fallback;
  const fineValue = wf > 1e-4 ? fine / wf : coarseValue;
  const far = tc * coarseValue + (1 - tc) * fallback;
  return tf * fineValue + (1 - tf) * far;
}

// How much to trust a blurred estimate, by the share of backdrop pixels that went into it.
function ramp(weight: number): number {
  const linear = (weight - 0.01) / 0.09;
  const t = linear < 0 ? 0 : linear > 1 ? 1 : linear;
  return t * t * (3 - 2 * t);
}

// Three box blurs approximate a Gaussian; running sums keep each pass linear in the pixel count. The
// passes take turns writing two buffers, so a blur allocates two planes, not six.
function blur(plane: Float32Array, width: number, height: number, radius: number): Float32Array {
  const across = new Float32Array(plane.length);
  const down = new Float32Array(plane.length);
  rowPass(plane, across, width, radius);
  columnPass(across, down, width, height, radius);
  for (let pass = 1; pass < 3; pass++) {
    rowPass(down, across, width, radius);
    columnPass(across, down, width, height, radius);
  }
  return down;
}

// One box pass along each row. Samples beyond either end repeat the end sample. The row is walked in
// three stretches (window over the left end, inside, over the right end) so the middle has no branches;
// the sums are the same, added in the same order.
function rowPass(src: Float32Array, out: Float32Array, width: number, radius: number): void {
  const size = 2 * radius + 1;
  for (let base = 0; base < src.length; base += width) {
    const last = base + width - 1;
    const first = src[base] ?? 0;
    const end = src[last] ?? 0;
    let sum = (radius + 1) * first;
    for (let k = 1; k <= radius; k++) sum += src[base + Math.min(k, width - 1)] ?? 0;
    let k = 0;
    for (; k < width && k - radius < 0; k++) {
      out[base + k] = sum / size;
      const added = k + radius + 1 < width ? (src[base + k + radius + 1] ?? 0) : end;
      sum += added - first;
    }
    for (; k + radius + 1 < width; k++) {
      out[base + k] = sum / size;
      sum += (src[base + k + radius + 1] ?? 0) - (src[base + k - radius] ?? 0);
    }
    for (; k < width; k++) {
      out[base + k] = sum / size;
      sum += end - (src[base + k - radius] ?? 0);
    }
  }
}

// The same box pass down each column, walked row by row so that memory is read in order: one running
// sum per column (doubles, as the row pass keeps its sum), so each column sees exactly the row pass's
// arithmetic and the result is the same as a column-at-a-time walk.
function columnPass(
  src: Float32Array,
  out: Float32Array,
  width: number,
  height: number,
  radius: number,
): void {
  const size = 2 * radius + 1;
  const sums = new Float64Array(width);
  for (let x = 0; x < width; x++) sums[x] = (radius + 1) * (src[x] ?? 0);
  for (let k = 1; k <= radius; k++) {
    const row = Math.min(k, height - 1) * width;
    for (let x = 0; x < width; x++) sums[x] = (sums[x] ?? 0) + (src[row + x] ?? 0);
  }
  for (let k = 0; k < height; k++) {
    const at = k * width;
    const add = (k + radius + 1 < height ? k + radius + 1 : height - 1) * width;
    const drop = (k - radius >= 0 ? k - radius : 0) * width;
    for (let x = 0; x < width; x++) {
      const sum = sums[x] ?? 0;
      out[at + x] = sum / size;
      sums[x] = sum + ((src[add + x] ?? 0) - (src[drop + x] ?? 0));
    }
  }
}
