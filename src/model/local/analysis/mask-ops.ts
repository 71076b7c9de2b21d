/** Operations on one-byte-a-pixel 0/1 masks. */

// Interior background regions smaller than this share of the image are treated as holes in the product
// (a white print on a shirt) and filled; larger ones (the gap inside a tote's handle) stay see-through.
const MAX_HOLE_SHARE = 0.0025;

/**
 * The bounding box of a mask, ignoring rows and columns where less than 1% of the line is set (stray
 * pixels); undefined when the mask is empty.
 */
export function maskBounds(mask: Uint8Array, width: number, height: number) {
  const rows = new Array<number>(height).fill(0);
  const cols = new Array<number>(width).fill(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) {
        rows[y] = (rows[y] ?? 0) + 1;
        cols[x] = (cols[x] ?? 0) + 1;
      }
    }
  }
  const span = (lines: number[], minimum: number) => {
    const first = lines.findIndex((n) => n >= minimum);
    const last = lines.length - 1 - [...lines].reverse().findIndex((n) => n >= minimum);
    return first < 0 ? undefined : { first, last };
  };
  const ys = span(rows, Math.max(1, width * 0.01));
  const xs = span(cols, Math.max(1, height * 0.01));
  if (!ys || !xs) return undefined;
  return { left: xs.first, top: ys.first, width: xs.last - xs.first + 1, height: ys.last - ys.first + 1 };
}

/**
 * Cleans a 0/1 mask: a 3×3 majority filter, then drops specks (components under 2% of the largest) and,
 * with `fillHoles`, fills enclosed backdrop regions smaller than `MAX_HOLE_SHARE` of the image.
 */
export function cleanMask(mask: Uint8Array, width: number, height: number, fillHoles: boolean): Uint8Array {
  const smooth = majority(mask, width, height);
  const parts = components(smooth, width, height, 1);
  const largest = parts.sizes.reduce((most, size) => Math.max(most, size), 0);
  const minimum = Math.max(largest * 0.02, mask.length * 0.0005);
  setWhere(smooth, parts, 0, (part) => (parts.sizes[part] ?? 0) < minimum);
  if (fillHoles) {
    const holes = components(smooth, width, height, 0);
    const limit = mask.length * MAX_HOLE_SHARE;
    setWhere(smooth, holes, 1, (hole) => !holes.touchesBorder[hole] && (holes.sizes[hole] ?? 0) < limit);
  }
  return smooth;
}

// 1 where at least 5 of the 3×3 neighbourhood (inside the image) are set. Column sums of three rows,
// then three columns of those: the same count as visiting all nine, in two reads a pixel.
function majority(mask: Uint8Array, width: number, height: number): Uint8Array {
  const smooth = new Uint8Array(mask.length);
  const columns = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let set = mask[row + x] ?? 0;
      if (y > 0) set += mask[row - width + x] ?? 0;
      if (y < height - 1) set += mask[row + width + x] ?? 0;
      columns[x] = set;
    }
    for (let x = 0; x < width; x++) {
      let set = columns[x] ?? 0;
      if (x > 0) set += columns[x - 1] ?? 0;
      if (x < width - 1) set += columns[x + 1] ?? 0;
      smooth[row + x] = set >= 5 ? 1 : 0;
    }
  }
  return smooth;
}

/** The 4-connected components of one value of a mask: a label per pixel, and each part's size and edge contact. */
interface Components {
  /** The part a pixel belongs to, from 1; 0 for pixels of the other value. */
  labels: Int32Array;
  /** Pixel count of part `n - 1`. */
  sizes: number[];
  /** Whether part `n - 1` touches the image's border. */
  touchesBorder: boolean[];
}

// Sets `mask` to `value` over every part `keep` picks.
function setWhere(mask: Uint8Array, parts: Components, value: number, pick: (part: number) => boolean): void {
  const chosen = parts.sizes.map((_, part) => pick(part));
  if (!chosen.includes(true)) return;
  const { labels } = parts;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? 0;
    if (label > 0 && chosen[label - 1]) mask[i] = value;
  }
}

/** 4-connected components of the pixels equal to `value`. */
function components(mask: Uint8Array, width: number, height: number, value: number): Components {
  const labels = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  const sizes: number[] = [];
  const touchesBorder: boolean[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (labels[start] || mask[start] !== value) continue;
    const label = sizes.length + 1;
    let size = 0;
    let border = false;
    let top = 0;
    labels[start] = label;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top] ?? 0;
      size++;
      const x = i % width;
      const y = (i - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) border = true;
      // The four neighbours, written out: a closure made per pixel costs more than the walk itself.
      let n = i - 1;
      if (x > 0 && !labels[n] && mask[n] === value) {
        labels[n] = label;
        stack[top++] = n;
      }
      n = i + 1;
      if (x < width - 1 && !labels[n] && mask[n] === value) {
        labels[n] = label;
        stack[top++] = n;
      }
      n = i - width;
      if (y > 0 && !labels[n] && mask[n] === value) {
        labels[n] = label;
        stack[top++] = n;
      }
      n = i + width;
      if (y < height - 1 && !labels[n] && mask[n] === value) {
        labels[n] = label;
        stack[top++] = n;
      }
    }
    sizes.push(size);
    touchesBorder.push(border);
  }
  return { labels, sizes, touchesBorder };
}

/**
 * Grows a mask by `radius` pixels (a square neighbourhood, cut at the image's edges): along the rows, then
 * down the columns — a square is the product of the two, so the result is the square's.
 */
export function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const across = new Uint8Array(mask.length);
  for (let row = 0; row < mask.length; row += width) {
    growLine(mask, across, row, 1, width, radius);
  }
  const out = new Uint8Array(mask.length);
  for (let x = 0; x < width; x++) growLine(across, out, x, width, height, radius);
  return out;
}

// Sets `out` along one line (`length` samples `step` apart from `start`) wherever `mask` has a set sample
// within `radius` samples: the distance back to the last set sample, and forward to the next one.
function growLine(
  mask: Uint8Array,
  out: Uint8Array,
  start: number,
  step: number,
  length: number,
  radius: number,
): void {
  let lastSet = -Infinity;
  for (let k = 0; k < length; k++) {
    if (mask[start + k * step]) lastSet = k;
    if (k - lastSet <= radius) out[start + k * step] = 1;
  }
  let nextSet = Infinity;
  for (let k = length - 1; k >= 0; k--) {
    if (mask[start + k * step]) nextSet = k;
    if (nextSet - k <= radius) out[start + k * step] = 1;
  }
}
