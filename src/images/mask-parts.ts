/** Connected parts of a one-byte-a-pixel 0/1 mask. */

/** One 4-connected part of a mask: its pixel count and its bounding box. */
export interface MaskPart {
  size: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The 4-connected parts of the set pixels of `mask` (`width`×`height`), largest first. Iterative (no
 * recursion, so a huge part cannot overflow the stack); linear in the pixel count. Pure; never throws.
 */
export function maskParts(mask: Uint8Array, width: number, height: number): MaskPart[] {
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  const parts: MaskPart[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const part = { size: 0, left: width, top: height, right: -1, bottom: -1 };
    let depth = 0;
    stack[depth++] = start;
    seen[start] = 1;
    while (depth > 0) {
      const i = stack[--depth] ?? 0;
      const x = i % width;
      const y = (i - x) / width;
      part.size++;
      if (x < part.left) part.left = x;
      if (x > part.right) part.right = x;
      if (y < part.top) part.top = y;
      if (y > part.bottom) part.bottom = y;
      // The four neighbours, written out: a closure made per pixel costs more than the walk itself.
      let j = i - 1;
      if (x > 0 && mask[j] && !seen[j]) {
        seen[j] = 1;
        stack[depth++] = j;
      }
      j = i + 1;
      if (x < width - 1 && mask[j] && !seen[j]) {
        seen[j] = 1;
        stack[depth++] = j;
      }
      j = i - width;
      if (y > 0 && mask[j] && !seen[j]) {
        seen[j] = 1;
        stack[depth++] = j;
      }
      j = i + width;
      if (y < height - 1 && mask[j] && !seen[j]) {
        seen[j] = 1;
        stack[depth++] = j;
      }
    }
    parts.push(part);
  }
  return parts.sort((a, b) => b.size - a.size);
}
