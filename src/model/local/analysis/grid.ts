/**
 * A 0/1 mask blurred twice with a [1 2 1] kernel each way: a smooth 0..1 prior to sample between mask
 * pixels. Never throws.
 */
export function softMask(mask: Uint8Array, width: number, height: number): Float32Array {
  let values = Float32Array.from(mask);
  for (let pass = 0; pass < 2; pass++) {
    const horizontal = new Float32Array(values.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const left = values[x > 0 ? i - 1 : i] ?? 0;
        const right = values[x < width - 1 ? i + 1 : i] ?? 0;
        horizontal[i] = (left + 2 * (values[i] ?? 0) + right) / 4;
      }
    }
    const vertical = new Float32Array(values.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const up = horizontal[y > 0 ? i - width : i] ?? 0;
        const down = horizontal[y < height - 1 ? i + width : i] ?? 0;
        vertical[i] = (up + 2 * (horizontal[i] ?? 0) + down) / 4;
      }
    }
    values = vertical;
  }
  return values;
}

/**
 * Samples channel `channel` of an interleaved `channels`-channel grid at a fractional position (pixel
 * centres at integers), clamped to the edges. Never throws.
 */
export function bilinear(
  values: Float32Array,
  width: number,
  height: number,
  x: number,
  y: number,
  channels: number,
  channel: number,
): number {
  const cx = Math.max(0, Math.min(width - 1, x));
  const cy = Math.max(0, Math.min(height - 1, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  // No helper closures here: this runs for every output pixel, and closures in hot loops are slow.
  const row0 = y0 * width;
  const row1 = y1 * width;
  const top =
    (values[(row0 + x0) * channels + channel] ?? 0) * (1 - fx) +
    (values[(row0 + x1) * channels + channel] ?? 0) * fx;
  const bottom =
    (values[(row1 + x0) * channels + channel] ?? 0) * (1 - fx) +
    (values[(row1 + x1) * channels + channel] ?? 0) * fx;
  return top * (1 - fy) + bottom * fy;
}
