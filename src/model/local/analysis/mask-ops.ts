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
  const smooth = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let set = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < height && xx >= 0 && xx < width) set += mask[yy * width + xx] ?? 0;
        }
      }
      smooth[y * width + x] = set >= 5 ? 1 : 0;
    }
  }
  const parts = components(smooth, width, height, 1);
  const largest = parts.reduce((most, part) => Math.max(most, part.pixels.length), 0);
  for (const part of parts) {
    if (part.pixels.length < Math.max(largest * 0.02, mask.length * 0.0005)) {
      for (const i of part.pixels) smooth[i] = 0;
    }
  }
  if (fillHoles) {
    for (const hole of components(smooth, width, height, 0)) {
      if (!hole.touchesBorder && hole.pixels.length < mask.length * MAX_HOLE_SHARE) {
        for (const i of hole.pixels) smooth[i] = 1;
      }
    }
  }
  return smooth;
}

/** 4-connected components of the pixels equal to `value`. */
function components(mask: Uint8Array, width: number, height: number, value: number) {
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  let top = 0;
  const push = (n: number) => {
    if (!seen[n] && mask[n] === value) {
      seen[n] = 1;
      stack[top++] = n;
    }
  };
  const found: { pixels: number[]; touchesBorder: boolean }[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (seen[start] || mask[start] !== value) continue;
    const pixels: number[] = [];
    let touchesBorder = false;
    push(start);
    while (top > 0) {
      const i = stack[--top] ?? 0;
      pixels.push(i);
      const x = i % width;
      const y = (i - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touchesBorder = true;
      if (x > 0) push(i - 1);
      if (x < width - 1) push(i + 1);
      if (y > 0) push(i - width);
      if (y < height - 1) push(i + width);
    }
    found.push({ pixels, touchesBorder });
  }
  return found;
}

/** Grows a mask by `radius` pixels (a square neighbourhood). */
export function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let yy = Math.max(0, y - radius); yy <= Math.min(height - 1, y + radius); yy++) {
        out.fill(1, yy * width + Math.max(0, x - radius), yy * width + Math.min(width - 1, x + radius) + 1);
      }
    }
  }
  return out;
}
