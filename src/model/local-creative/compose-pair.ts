import sharp from 'sharp';
import type { ImageData } from '../creative-model';
import { dropShadow, fitCutout, layer, visibleBottom, type Cutout } from './cutouts';
import { requireInt, toPng } from './pixels';
import { contactShadow, setSvg, setTones } from './set-pieces';

/**
 * A footwear pair shot: the cut-out and its mirror image side by side on a floor tinted by the palette,
 * the right one a step forward, each with a contact shadow; a `size`-square PNG. Deterministic; throws a
 * non-retryable `InvalidInput` for a size outside 64..4096 or an empty palette, `CorruptImage` when the
 * cut-out does not decode.
 */
export async function composePair(request: {
  cutout: ImageData;
  palette: string[];
  size: number;
}): Promise<ImageData> {
  const { size: s } = request;
  requireInt('size', s, 64, 4096);
  const tones = setTones(request.palette);
  const [back, front] = await Promise.all([
    fitCutout(request.cutout, s * 0.42, s * 0.46),
    fitCutout(request.cutout, s * 0.44, s * 0.48, true),
  ]);
  const place = (cutout: Cutout, cx: number, ground: number) => ({
    left: cx - cutout.width / 2,
    top: ground - visibleBottom(cutout),
    cutout,
    cx,
    ground,
  });
  const pair = [place(back, s * 0.35, s * 0.7), place(front, s * 0.63, s * 0.77)];
  const shadows = pair
    .map((p) => contactShadow(p.cx, p.ground, p.cutout.width * 0.46, s * 0.018, 0.4))
    .join('');
  const svg = setSvg(s, tones, 0.5, shadows, 'sweep');
  const layers: sharp.OverlayOptions[] = [];
  for (const p of pair) {
    const shadow = await dropShadow(p.cutout, s * 0.01, 0.22);
    layers.push(
      layer(shadow, p.left - shadow.pad + s * 0.01, p.top - shadow.pad + s * 0.008),
      layer(p.cutout, p.left, p.top),
    );
  }
  return toPng(sharp(Buffer.from(svg)).composite(layers));
}
