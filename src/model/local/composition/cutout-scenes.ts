import sharp from 'sharp';
import type { ImageData } from '../../creative-model';
import { toPng } from '../pixels';
import { requireInt } from '../require-int';
import { dropShadow, fitCutout, layer, visibleBottom, type Cutout } from './cutout-layers';
import { contactShadow, setSvg, setTones, type SetTones } from './set-pieces';

/** A scene made from a product cut-out: a `size`-square picture in the product's palette. */
export interface CutoutSceneRequest {
  cutout: ImageData;
  palette: string[];
  size: number;
}

/** One cut-out standing in a scene: centred on `cx`, its lowest visible row on `ground`. */
interface Standing {
  cutout: Cutout;
  cx: number;
  ground: number;
  /** The contact shadow's half-width as a share of the cut-out's width, and its half-height in pixels. */
  contact: { widthShare: number; ry: number };
  /** The drop shadow's blur and opacity, and how far it falls right and down, in pixels. */
  drop: { sigma: number; opacity: number; dx: number; dy: number };
}

/** How a scene is set: the surface from `horizon` down, what stands behind the cut-outs, and the cut-outs. */
interface Scene {
  horizon: number;
  kind: 'table' | 'sweep';
  backdrop: (tones: SetTones) => string;
  standing: Standing[];
}

/**
 * Stages an accessory cut-out as a lifestyle still: a wall and a table surface tinted by the palette, soft
 * props in its colours (a sphere, a cylinder, an arch, a pebble), and the cut-out standing centre front with
 * contact and drop shadows; a `size`-square PNG. Deterministic; throws a non-retryable `InvalidInput` for a
 * size outside 64..4096 or an empty palette, `CorruptImage` when the cut-out does not decode.
 */
export async function stageAccessory(request: CutoutSceneRequest): Promise<ImageData> {
  const { size: s } = request;
  requireInt('size', s, 64, 4096);
  const tones = setTones(request.palette);
  const cutout = await fitCutout(request.cutout, s * 0.5, s * 0.48);
  const standing: Standing = {
    cutout,
    cx: s / 2,
    ground: s * 0.82,
    contact: { widthShare: 0.45, ry: s * 0.02 },
    drop: { sigma: s * 0.012, opacity: 0.25, dx: s * 0.012, dy: s * 0.012 },
  };
  return shoot(s, tones, {
    horizon: 0.6,
    kind: 'table',
    backdrop: (t) => `<g filter="url(#soft)">${props(s, t)}</g>`,
    standing: [standing],
  });
}

/**
 * A footwear pair shot: the cut-out and its mirror image side by side on a floor tinted by the palette,
 * the right one a step forward, each with a contact shadow; a `size`-square PNG. Deterministic; throws a
 * non-retryable `InvalidInput` for a size outside 64..4096 or an empty palette, `CorruptImage` when the
 * cut-out does not decode.
 */
export async function composePair(request: CutoutSceneRequest): Promise<ImageData> {
  const { size: s } = request;
  requireInt('size', s, 64, 4096);
  const tones = setTones(request.palette);
  const [back, front] = await Promise.all([
    fitCutout(request.cutout, s * 0.42, s * 0.46),
    fitCutout(request.cutout, s * 0.44, s * 0.48, true),
  ]);
  const shoe = (cutout: Cutout, cx: number, ground: number): Standing => ({
    cutout,
    cx,
    ground,
    contact: { widthShare: 0.46, ry: s * 0.018 },
    drop: { sigma: s * 0.01, opacity: 0.22, dx: s * 0.01, dy: s * 0.008 },
  });
  return shoot(s, tones, {
    horizon: 0.5,
    kind: 'sweep',
    backdrop: () => '',
    standing: [shoe(back, s * 0.35, s * 0.7), shoe(front, s * 0.63, s * 0.77)],
  });
}

// The set as SVG with a contact shadow under each cut-out, then each cut-out over its own drop shadow.
async function shoot(size: number, tones: SetTones, scene: Scene): Promise<ImageData> {
  const contacts = scene.standing
    .map((p) => contactShadow(p.cx, p.ground, p.cutout.width * p.contact.widthShare, p.contact.ry, 0.4))
    .join('');
  const svg = setSvg(size, tones, scene.horizon, `${scene.backdrop(tones)}${contacts}`, scene.kind);
  const layers: sharp.OverlayOptions[] = [];
  for (const p of scene.standing) {
    const left = p.cx - p.cutout.width / 2;
    const top = p.ground - visibleBottom(p.cutout);
    const shadow = await dropShadow(p.cutout, p.drop.sigma, p.drop.opacity);
    layers.push(
      layer(shadow, left - shadow.pad + p.drop.dx, top - shadow.pad + p.drop.dy),
      layer(p.cutout, left, top),
    );
  }
  return toPng(sharp(Buffer.from(svg)).composite(layers));
}

// A still life behind the accessory: an arch, a sphere, a cylinder and a pebble in the palette's colours.
function props(s: number, tones: SetTones): string {
  const prop = (i: number) => tones.props[i % tones.props.length] ?? tones.surface;
  const sphereR = s * 0.12;
  return [
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
}
