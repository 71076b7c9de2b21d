import sharp from 'sharp';
import { creativePromptSchema } from '../../../shared/creative';
import type { GenerateImageRequest } from '../../creative-capabilities';
import type { ImageData } from '../../creative-model';
import { mixHex } from '../colour';
import { figureSvg, type FigureSpec } from './editorial-figure';
import { layOut, type FigureMaker } from './editorial-layouts';
import { castRoles } from './editorial-palette';
import { toPng } from '../pixels';
import { seededRandom, type Random } from '../random';
import { requireInt } from '../require-int';

/** Grain is tiled from a square this size: cheap to make, invisible as a repeat under the picture. */
const GRAIN_TILE = 128;

/**
 * Paints a procedural fashion-editorial picture for a prompt: a set in the prompt's palette laid out per
 * its composition, a stylised figure with shadows, soft light and grain, as a `width`×`height` PNG. The
 * prompt's seed decides every free choice, so the same prompt and size give identical bytes. Throws a
 * non-retryable `InvalidInput` for a size outside 64..4096 or a prompt that fails its schema.
 */
export async function generateImage(request: GenerateImageRequest): Promise<ImageData> {
  const { width, height } = request;
  requireInt('width', width, 64, 4096);
  requireInt('height', height, 64, 4096);
  const prompt = creativePromptSchema.parse(request.prompt);
  const random = seededRandom(prompt.seed);
  const roles = castRoles(prompt.palette, random);
  // The prompt's own words choose the light: brands that ask for hard sun get crisp cast shadows.
  const hardLight = /\b(hard|graphic|sunlight|flash|bold)\b/i.test(prompt.text);
  const look = {
    garment: random.pick(['coat', 'dress', 'suit'] as const),
    hair: random.pick(['bun', 'bob', 'long'] as const),
    pose: random.pick(['down', 'hip', 'bag'] as const),
    bareLegs: random.next() < 0.6,
  };
  const maker: FigureMaker = (x, feetY, figureHeight, lean) => ({
    x,
    feetY,
    height: figureHeight,
    lean,
    mirror: random.next() < 0.5,
    ...look,
    colours: {
      garment: roles.garment,
      shade: roles.shade,
      second: roles.second,
      accent: roles.accent,
      skin: roles.skin,
      hair: roles.hair,
      shoe: roles.shoe,
    },
  });
  const layout = layOut(prompt.composition, width, height, roles, random, maker);
  const lightFrom = random.next() < 0.5 ? 0.2 : 0.8;
  const shadowColour = mixHex(roles.base, '#000000', 0.55);
  const blur = Math.max(1, Math.min(width, height) * (hardLight ? 0.002 : 0.012));
  const figures = layout.figures
    .map(
      (figure, i) =>
        castShadow(figure, i, shadowColour, lightFrom, hardLight) +
        contactShadow(figure) +
        figureSvg(figure, `f${i}`),
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs>
<filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${blur.toFixed(2)}"/></filter>
<filter id="contact" x="-50%" y="-200%" width="200%" height="500%"><feGaussianBlur stdDeviation="${(Math.min(width, height) * 0.006).toFixed(2)}"/></filter>
<radialGradient id="light" cx="${lightFrom}" cy="0.15" r="0.9"><stop offset="0" stop-color="#ffffff" stop-opacity="0.2"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/></radialGradient>
<radialGradient id="vignette" cx="0.5" cy="0.5" r="0.75"><stop offset="0.6" stop-color="#000000" stop-opacity="0"/><stop offset="1" stop-color="#000000" stop-opacity="0.18"/></radialGradient>
</defs>
${layout.back}${figures}
<rect width="${width}" height="${height}" fill="url(#light)"/><rect width="${width}" height="${height}" fill="url(#vignette)"/>
</svg>`;
  // A tile larger than the picture cannot be composited onto it.
  const tile = Math.min(GRAIN_TILE, width, height);
  const grain = grainTile(random, tile);
  return toPng(
    sharp(Buffer.from(svg)).composite([
      {
        input: grain,
        raw: { width: tile, height: tile, channels: 1 },
        tile: true,
        blend: 'soft-light',
      },
    ]),
  );
}

// The figure's silhouette thrown on the set, away from the light: crisp under hard light, blurred under soft.
function castShadow(figure: FigureSpec, i: number, colour: string, lightFrom: number, hard: boolean): string {
  const away = lightFrom < 0.5 ? 1 : -1;
  const shadow = { ...figure, x: figure.x + away * figure.height * 0.09, lean: figure.lean + away * 6 };
  return `<g opacity="${hard ? 0.3 : 0.22}" filter="url(#soft)">${figureSvg(shadow, `s${i}`, colour)}</g>`;
}

function contactShadow(figure: FigureSpec): string {
  const rx = figure.height * 0.12;
  return `<ellipse cx="${figure.x}" cy="${figure.feetY}" rx="${rx}" ry="${rx * 0.16}" fill="#000000" opacity="0.3" filter="url(#contact)"/>`;
}

function grainTile(random: Random, side: number): Buffer {
  const tile = Buffer.alloc(side * side);
  for (let i = 0; i < tile.length; i++) tile[i] = 128 + Math.round((random.next() + random.next() - 1) * 40);
  return tile;
}
