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
  const side = Math.max(width, height);
  const fineRadius = Math.max(1, Math.round(side * 0.04));
  const coarseRadius = Math.max(1, Math.round(side * 0.2));
  // One plane at a time through two blurs, into buffers reused across the channels: a worker with a big
  // heap pays for every megabyte allocated here in garbage collection.
  const plane = new Float32Array(count);
  const scratch = new Float32Array(count);
  // The weight: 1 for included pixels, 0 for excluded ones.
  for (let i = 0; i < count; i++) plane[i] = exclude[i] ? 0 : 1;
  const fineWeight = blurInto(plane, new Float32Array(count), scratch, width, height, fineRadius);
  const coarseWeight = blurInto(plane, new Float32Array(count), scratch, width, height, coarseRadius);
  const fineColour = new Float32Array(count);
  const coarseColour = new Float32Array(count);
  const field = new Float32Array(count * 3);
  // How far each estimate is trusted, once a pixel rather than once a channel (doubles, as computed).
  const fineTrust = new Float64Array(count);
  const coarseTrust = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    fineTrust[i] = ramp(fineWeight[i] ?? 0);
    coarseTrust[i] = ramp(coarseWeight[i] ?? 0);
  }
  for (let c = 0; c < 3; c++) {
    // Colour times weight.
    for (let i = 0; i < count; i++) plane[i] = exclude[i] ? 0 : (data[i * 4 + c] ?? 0);
    blurInto(plane, fineColour, scratch, width, height, fineRadius);
    blurInto(plane, coarseColour, scratch, width, height, coarseRadius);
    const background = fallback[c] ?? 0;
    for (let i = 0; i < count; i++) {
      const wf = fineWeight[i] ?? 0;
      const wc = coarseWeight[i] ?? 0;
      field[i * 3 + c] = mix(
        fineColour[i] ?? 0,
        coarseColour[i] ?? 0,
        background,
        wf,
        wc,
        fineTrust[i] ?? 0,
        coarseTrust[i] ?? 0,
      );
    }
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
// passes take turns writing `out` and `scratch`; `plane` is left as it was. Returns `out`.
function blurInto(
  plane: Float32Array,
  out: Float32Array,
  scratch: Float32Array,
  width: number,
  height: number,
  radius: number,
): Float32Array {
  rowPass(plane, scratch, width, radius);
  columnPass(scratch, out, width, height, radius);
  for (let pass = 1; pass < 3; pass++) {
    rowPass(out, scratch, width, radius);
    columnPass(scratch, out, width, height, radius);
  }
  return out;
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

/**
 * `colourField` worked out at half the resolution and scaled back up (bilinear): a quarter of the work,
 * for a field that is smooth anyway (its finest blur is 4% of the image's side). A 2×2 block holding an
 * excluded pixel is excluded whole, so the product never bleeds into the backdrop's estimate; the others
 * give their mean colour. The same size and layout as `colourField`'s result; never throws.
 */
export function halvedColourField(
  data: Buffer,
  width: number,
  height: number,
  exclude: Uint8Array,
  fallback: Rgb,
): Float32Array {
  const halfWidth = Math.ceil(width / 2);
  const halfHeight = Math.ceil(height / 2);
  const half = Buffer.alloc(halfWidth * halfHeight * 4);
  const halfExclude = new Uint8Array(halfWidth * halfHeight);
  for (let hy = 0; hy < halfHeight; hy++) {
    for (let hx = 0; hx < halfWidth; hx++) {
      const at = hy * halfWidth + hx;
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let y = 2 * hy; y < Math.min(height, 2 * hy + 2); y++) {
        for (let x = 2 * hx; x < Math.min(width, 2 * hx + 2); x++) {
          const i = y * width + x;
          if (exclude[i]) halfExclude[at] = 1;
          r += data[i * 4] ?? 0;
          g += data[i * 4 + 1] ?? 0;
          b += data[i * 4 + 2] ?? 0;
          n++;
        }
      }
      half[at * 4] = Math.round(r / n);
      half[at * 4 + 1] = Math.round(g / n);
      half[at * 4 + 2] = Math.round(b / n);
    }
  }
  const small = colourField(half, halfWidth, halfHeight, halfExclude, fallback);
  return upscaleField(small, halfWidth, halfHeight, width, height);
}

// Bilinear scaling of an RGB float field from `sw`×`sh` to `width`×`height`, pixel centres aligned.
function upscaleField(
  small: Float32Array,
  sw: number,
  sh: number,
  width: number,
  height: number,
): Float32Array {
  const field = new Float32Array(width * height * 3);
  const scaleX = sw / width;
  const scaleY = sh / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * scaleY - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * scaleX - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      const a = (y0 * sw + x0) * 3;
      const b = (y0 * sw + x1) * 3;
      const c = (y1 * sw + x0) * 3;
      const d = (y1 * sw + x1) * 3;
      const o = (y * width + x) * 3;
      for (let k = 0; k < 3; k++) {
        const top = (small[a + k] ?? 0) * (1 - tx) + (small[b + k] ?? 0) * tx;
        const bottom = (small[c + k] ?? 0) * (1 - tx) + (small[d + k] ?? 0) * tx;
        field[o + k] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return field;
}
