/** `value` limited to `min..max`. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Hermite smoothstep: 0 below `edge0`, 1 above `edge1`, smooth between. */
export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** The median of a list of numbers (0 for an empty list). */
export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The `q` quantile (0..1) of a list of numbers, by sorting a copy (0 for an empty list). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  // A typed array sorts numbers by value without a comparator call per comparison: the same order.
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Rounded to three decimals, as measurements are reported. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
