import sharp from 'sharp';
import type { ImageData } from '../creative-model';
import { dropShadow, fitCutout, layer, visibleBottom } from './cutouts';
import { requireInt, toPng } from './pixels';
import { contactShadow, setSvg, setTones } from './set-pieces';

/**
 * Stages an accessory cut-out as a lifestyle still: a wall and a table surface tinted by the palette, soft
 * props in its colours (a sphere, a cylinder, an arch, a pebble), and the cut-out standing centre front with
 * contact and drop shadows; a `size`-square PNG. Deterministic; throws a non-retryable `InvalidInput` for a
 * size outside 64..4096 or an empty palette, `CorruptImage` when the cut-out does not decode.
 */
export async function stageAccessory(request: {
  cutout: ImageData;
  palette: string[];
  size: number;
}): Promise<ImageData> {
  const { size: s } = request;
  requireInt('size', s, 64, 4096);
  const tones = setTones(request.palette);
  const prop = (i: number) => tones.props[i % tones.props.length] ?? tones.surface;
  const cutout = await fitCutout(request.cutout, s * 0.5, s * 0.48);
  const ground = s * 0.82;
  const left = (s - cutout.width) / 2;
  const top = ground - visibleBottom(cutout);
  const sphereR = s * 0.12;
  const props = [
    `<path d="M${s * 0.07} ${s * 0.6} L${s * 0.07} ${s * 0.28} A${s * 0.14} ${s * 0.14} 0 0 1 ${s * 0.35} ${s * 0.28} L${s * 0.35} ${s * 0.6} Z" fill="${prop(2)}" opacity="0.45"/>`,
    contactShadow(s * 0.2, s * 0.695, sphereR * 0.9, s * 0.014, 0.3),
    `<circle cx="${s * 0.2}" cy="${s * 0.69 - sphereR}" r="${sphereR}" fill="${prop(0)}"/>`,
    `<circle cx="${s * 0.2}" cy="${s * 0.69 - sphereR}" r="${sphereR}" fill="url(#sphere)"/>`,
    contactShadow(s * 0.82, s * 0.715, s * 0.08, s * 0.014, 0.3),
    `<rect x="${s * 0.75}" y="${s * 0.43}" width="${s * 0.14}" height="${s * 0.28}" fill="${prop(1)}"/>`,
    `<ellipse cx="${s * 0.82}" cy="${s * 0.71}" rx="${s * 0.07}" ry="${s * 0.018}" fill="${prop(1)}"/>`,
    `<ellipse cx="${s * 0.82}" cy="${s * 0.43}" rx="${s * 0.07}" ry="${s * 0.018}" fill="#ffffff" opacity="0.35"/>`,
    `<ellipse cx="${s * 0.74}" cy="${s * 0.9}" rx="${s * 0.06}" ry="${s * 0.022}" fill="${prop(3)}"/>`,
  ].join('');
  const shadowUnder = contactShadow(s / 2, ground, cutout.width * 0.45, s * 0.02, 0.4);
  const svg = setSvg(s, tones, 0.6, `<g filter="url(#soft)">${props}</g>${shadowUnder}`);
  const shadow = await dropShadow(cutout, s * 0.012, 0.25);
  const offset = s * 0.012;
  return toPng(
    sharp(Buffer.from(svg)).composite([
      layer(shadow, left - shadow.pad + offset, top - shadow.pad + offset),
      layer(cutout, left, top),
    ]),
  );
}
