import sharp from 'sharp';
import type { ImageData } from '../../creative-model';
import { hexToRgb, luma, mixHex } from '../colour';
import { toPng } from '../pixels';
import { requireInt } from '../require-int';

/** A box in pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The figure's scale and place: head height `unit`, centred on `cx`, top of the head at `top`. */
function frame(width: number, height: number): { unit: number; cx: number; top: number } {
  // Nine heads tall, filling 90% of the height unless the canvas is too narrow for the arms.
  const unit = Math.min((height * 0.9) / 9, width / 3.6);
  return { unit, cx: width / 2, top: (height - unit * 9) / 2 };
}

/**
 * Where the model's torso is on a `width`×`height` model image: from the base of the neck to the hips,
 * and wide enough past the shoulders for sleeves to fall over the upper arms. `tryOn` fits garments into this box.
 */
export function torsoBox(width: number, height: number): Box {
  const { unit, cx, top } = frame(width, height);
  const left = Math.max(0, Math.round(cx - unit * 1.6));
  const y = Math.max(0, Math.round(top + unit * 1.3));
  return {
    left,
    top: y,
    width: Math.min(width - left, Math.round(unit * 3.2)),
    height: Math.min(height - y, Math.round(unit * 3.5)),
  };
}

/**
 * Draws a stylised mannequin — head, torso, arms, legs — toned from the palette, standing on a soft
 * backdrop, as a `width`×`height` PNG; the torso sits at `torsoBox(width, height)`. Deterministic; throws a
 * non-retryable `InvalidInput` for a size outside 64..4096 or an empty palette.
 */
export async function generateModel(request: {
  palette: string[];
  width: number;
  height: number;
}): Promise<ImageData> {
  const { width, height } = request;
  requireInt('width', width, 64, 4096);
  requireInt('height', height, 64, 4096);
  requireInt('palette length', request.palette.length, 1, 16);
  const palette = request.palette.map((hex) => hex.toLowerCase());
  const byLight = [...palette].sort((a, b) => luma(...hexToRgb(b)) - luma(...hexToRgb(a)));
  const lightest = byLight[0] ?? '#eeeeee';
  const darkest = byLight.at(-1) ?? '#333333';
  // A pale backdrop and a neutral body, both only tinted by the palette, so any garment stands out on them.
  const wall = mixHex(lightest, '#ffffff', 0.7);
  const wallEdge = mixHex(lightest, '#9a9590', 0.25);
  const floor = mixHex(lightest, '#8c857e', 0.35);
  const body = mixHex(darkest, '#e4dbd0', 0.8);
  const bodyShade = mixHex(body, '#000000', 0.18);
  const { unit, cx, top } = frame(width, height);
  const floorTop = Math.round(top + unit * 8.2);
  // The figure is drawn in head units (head 1 tall, feet at 9) and placed by one transform.
  const figure = [
    `<ellipse cx="0" cy="8.85" rx="1.3" ry="0.18" fill="#000000" opacity="0.28" filter="url(#blur)"/>`,
    `<path d="M-0.86 4.3 C-0.84 5.6 -0.6 6.9 -0.44 8.62 L-0.2 8.62 C-0.2 7.1 -0.12 5.7 -0.03 4.75 Z" fill="url(#body)"/>`,
    `<path d="M0.86 4.3 C0.84 5.6 0.6 6.9 0.44 8.62 L0.2 8.62 C0.2 7.1 0.12 5.7 0.03 4.75 Z" fill="url(#body)"/>`,
    `<ellipse cx="-0.34" cy="8.7" rx="0.2" ry="0.1" fill="${bodyShade}"/><ellipse cx="0.34" cy="8.7" rx="0.2" ry="0.1" fill="${bodyShade}"/>`,
    `<path d="M-0.9 1.58 C-1.22 2.1 -1.24 3.3 -1.32 4.5 L-1.1 4.52 C-1.04 3.5 -0.96 2.6 -0.72 2.1 Z" fill="url(#body)"/>`,
    `<path d="M0.9 1.58 C1.22 2.1 1.24 3.3 1.32 4.5 L1.1 4.52 C1.04 3.5 0.96 2.6 0.72 2.1 Z" fill="url(#body)"/>`,
    `<ellipse cx="-1.22" cy="4.68" rx="0.12" ry="0.2" fill="${bodyShade}"/><ellipse cx="1.22" cy="4.68" rx="0.12" ry="0.2" fill="${bodyShade}"/>`,
    `<path d="M-0.13 0.9 L0.13 0.9 L0.16 1.5 L-0.16 1.5 Z" fill="${bodyShade}"/>`,
    `<path d="M-0.2 1.35 L-0.95 1.6 C-0.98 2.4 -0.62 2.8 -0.6 3.3 C-0.62 3.8 -0.86 4.0 -0.86 4.4 Q0 4.95 0.86 4.4 C0.86 4.0 0.62 3.8 0.6 3.3 C0.62 2.8 0.98 2.4 0.95 1.6 L0.2 1.35 Z" fill="url(#body)"/>`,
    `<ellipse cx="0" cy="0.52" rx="0.36" ry="0.47" fill="url(#body)"/>`,
  ].join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs>
<radialGradient id="wall" cx="0.5" cy="0.35" r="0.8"><stop offset="0" stop-color="${wall}"/><stop offset="1" stop-color="${wallEdge}"/></radialGradient>
<linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${wallEdge}"/><stop offset="1" stop-color="${floor}"/></linearGradient>
<linearGradient id="body" x1="-1.4" y1="0" x2="1.4" y2="0" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="${body}"/><stop offset="0.55" stop-color="${body}"/><stop offset="1" stop-color="${bodyShade}"/></linearGradient>
<filter id="blur" x="-50%" y="-200%" width="200%" height="500%"><feGaussianBlur stdDeviation="0.12"/></filter>
</defs>
<rect width="${width}" height="${height}" fill="url(#wall)"/>
<rect y="${floorTop}" width="${width}" height="${Math.max(0, height - floorTop)}" fill="url(#floor)"/>
<g transform="translate(${cx.toFixed(1)} ${top.toFixed(1)}) scale(${unit.toFixed(3)})">${figure}</g>
</svg>`;
  return toPng(sharp(Buffer.from(svg)));
}
