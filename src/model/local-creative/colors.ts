/** An sRGB colour as three 0..255 channels. */
export type Rgb = readonly [number, number, number];

/** Parses `#rrggbb` into channels; throws a `RangeError` on anything else (callers pass schema-checked colours). */
export function parseHex(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1] ?? '0', 16), parseInt(match[2] ?? '0', 16), parseInt(match[3] ?? '0', 16)];
}

/** Formats channels (rounded, clamped) as lowercase `#rrggbb`. */
export function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((c) =>
      Math.round(clamp(c, 0, 255))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Linear interpolation between two colours, `t` 0 (a) .. 1 (b). */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** `#rrggbb` mixed towards another `#rrggbb`. */
export function mixHex(a: string, b: string, t: number): string {
  return toHex(mix(parseHex(a), parseHex(b), t));
}

/** Perceived luminance 0..1 (Rec. 709 weights on gamma-encoded channels: cheap and good enough to rank tones). */
export function luminance(rgb: Rgb): number {
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}

/** HSV saturation 0..1. */
export function saturation(rgb: Rgb): number {
  const max = Math.max(rgb[0], rgb[1], rgb[2]);
  const min = Math.min(rgb[0], rgb[1], rgb[2]);
  return max === 0 ? 0 : (max - min) / max;
}

/** Hue in degrees 0..360 (0 for greys). */
export function hue(rgb: Rgb): number {
  const [r, g, b] = rgb;
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta === 0) return 0;
  const h = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return (h * 60 + 360) % 360;
}

/** CIE L*a*b* (D65) of an sRGB colour. */
export function toLab(rgb: Rgb): Rgb {
  const linear = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = linear;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** Perceptual distance (CIE76 ΔE): about 2 is barely visible, above 40 is a different colour family. */
export function deltaE(a: Rgb, b: Rgb): number {
  const la = toLab(a);
  const lb = toLab(b);
  return Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}

/** An everyday name for a colour (`cream`, `navy`, `coral` …), for keywords and prompt text. */
export function colorName(rgb: Rgb): string {
  const l = luminance(rgb);
  const s = saturation(rgb);
  const h = hue(rgb);
  if (s < 0.12 || (s < 0.2 && (l < 0.15 || l > 0.85))) {
    if (l > 0.88) return s > 0.04 && h >= 20 && h < 70 ? 'ivory' : 'white';
    if (l < 0.12) return 'black';
    return l > 0.6 ? 'light grey' : l < 0.3 ? 'charcoal' : 'grey';
  }
  if (s < 0.4 && (h < 60 || h >= 330)) {
    if ((h < 20 || h >= 330) && l > 0.55) return l > 0.75 ? 'blush' : 'rose';
    return l > 0.75 ? 'cream' : l > 0.5 ? 'sand' : l > 0.25 ? 'taupe' : 'espresso';
  }
  if (h < 15 || h >= 340) return l < 0.3 ? 'burgundy' : s < 0.55 && l > 0.55 ? 'rose' : 'red';
  if (h < 40) return l < 0.35 ? 'brown' : l > 0.6 && s < 0.65 ? 'coral' : 'orange';
  if (h < 65) return l < 0.4 ? 'olive' : 'yellow';
  if (h < 160) return l < 0.3 ? 'forest green' : s < 0.4 ? 'sage' : 'green';
  if (h < 195) return 'teal';
  if (h < 250) return l < 0.3 ? 'navy' : s < 0.45 ? 'slate blue' : 'blue';
  if (h < 290) return 'violet';
  return l > 0.6 ? 'pink' : 'magenta';
}

/** `value` limited to `min..max`. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
