/** An sRGB colour as three 0..255 channels (floats allowed: averages and mixes are not rounded). */
export type Rgb = readonly [number, number, number];

/** Parses `#rrggbb` (the `#` may be left out); throws a `RangeError` on anything else. */
export function hexToRgb(hex: string): Rgb {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`not a #rrggbb colour: '${hex}'`);
  return [parseInt(match[1] ?? '0', 16), parseInt(match[2] ?? '0', 16), parseInt(match[3] ?? '0', 16)];
}

/** Formats a colour as lower-case `#rrggbb`, rounding and clamping each channel. */
export function rgbToHex(rgb: Rgb): string {
  return `#${rgb.map((c) => clampByte(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Rounds and clamps to 0..255. */
export function clampByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

/** `a` moved towards `b` by `t` (0 keeps `a`, 1 gives `b`). */
export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** `#rrggbb` mixed towards another `#rrggbb` by `t`. */
export function mixHex(a: string, b: string, t: number): string {
  return rgbToHex(mixRgb(hexToRgb(a), hexToRgb(b), t));
}

/**
 * Luma 0..1 (Rec. 709 weights on the gamma-encoded channels: cheap, and good enough to rank tones). Takes
 * the channels one by one so that pixel loops need not build a tuple per pixel.
 */
export function luma(r: number, g: number, b: number): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
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

/** Euclidean distance between two colours in RGB (0..441): cheap, for pixel work. */
export function colorDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
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

const SHADOW_WEIGHT = 0.45;

/**
 * How far a pixel stands out from the backdrop colour behind it, in RGB-distance units, with darkening
 * discounted: a shadow is the backdrop made darker, so it counts for less than 1/2 of its RGB distance,
 * while a change of hue or a lightening counts in full.
 */
export function backdropDistance(
  r: number,
  g: number,
  b: number,
  br: number,
  bg: number,
  bb: number,
): number {
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const by = 0.2126 * br + 0.7152 * bg + 0.0722 * bb;
  const chroma = Math.hypot(r - y - (br - by), g - y - (bg - by), b - y - (bb - by));
  const light = (y - by) * (y < by ? SHADOW_WEIGHT : 1);
  return Math.sqrt(chroma * chroma + 3 * light * light);
}

/** An everyday name for a colour (`cream`, `navy`, `coral` …): for descriptions, keywords and prompts. */
export function colorName(rgb: Rgb): string {
  const l = luma(...rgb);
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
