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
      part.left = Math.min(part.left, x);
      part.right = Math.max(part.right, x);
      part.top = Math.min(part.top, y);
      part.bottom = Math.max(part.bottom, y);
      const visit = (j: number) => {
        if (mask[j] && !seen[j]) {
          seen[j] = 1;
          stack[depth++] = j;
        }
      };
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (y > 0) visit(i - width);
      if (y < height - 1) visit(i + width);
    }
    parts.push(part);
  }
  return parts.sort((a, b) => b.size - a.size);
}
