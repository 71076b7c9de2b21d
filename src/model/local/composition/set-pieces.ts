import { hexToRgb, luma, mixHex } from '../colour';
import { requireInt } from '../require-int';

/** The tones of a product set, all drawn from the product's palette. */
export interface SetTones {
  wall: string;
  wallLow: string;
  surface: string;
  surfaceFront: string;
  props: string[];
}

/**
 * Tones for a set from a product palette: a pale wall and surface tinted by its lightest colour, props in
 * its colours softened towards the wall. Throws a non-retryable `InvalidInput` for an empty palette.
 */
export function setTones(palette: readonly string[]): SetTones {
  requireInt('palette length', palette.length, 1, 16);
  const colours = palette.map((hex) => hex.toLowerCase());
  const byLight = [...colours].sort((a, b) => luma(...hexToRgb(b)) - luma(...hexToRgb(a)));
  const lightest = byLight[0] ?? '#eeeeee';
  const wall = mixHex(lightest, '#f7f3ee', 0.68);
  const surface = mixHex(byLight[Math.floor(byLight.length / 2)] ?? lightest, '#f4efe9', 0.7);
  return {
    wall,
    wallLow: mixHex(wall, '#8c8680', 0.2),
    surface,
    surfaceFront: mixHex(surface, '#000000', 0.12),
    props: colours.map((c) => mixHex(c, wall, 0.35)),
  };
}

/**
 * A square set's SVG: wall, a surface from `horizon` (0..1) down, and the given props between them; a
 * `table` has a lit front edge at the horizon, a `sweep` (a studio paper roll) fades wall into floor.
 */
export function setSvg(
  size: number,
  tones: SetTones,
  horizon: number,
  props: string,
  kind: 'table' | 'sweep' = 'table',
): string {
  const h = (size * horizon).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<defs>
<linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${tones.wall}"/><stop offset="1" stop-color="${tones.wallLow}"/></linearGradient>
<linearGradient id="surface" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${tones.surface}"/><stop offset="1" stop-color="${tones.surfaceFront}"/></linearGradient>
<linearGradient id="sweep" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${tones.wallLow}" stop-opacity="0"/><stop offset="0.5" stop-color="${mixHex(tones.wallLow, tones.surface, 0.5)}"/><stop offset="1" stop-color="${tones.surface}" stop-opacity="0"/></linearGradient>
<radialGradient id="sphere" cx="0.35" cy="0.3" r="0.75"><stop offset="0" stop-color="#ffffff" stop-opacity="0.55"/><stop offset="1" stop-color="#000000" stop-opacity="0.18"/></radialGradient>
<filter id="soft" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${(size * 0.004).toFixed(1)}"/></filter>
<filter id="contact" x="-50%" y="-300%" width="200%" height="700%"><feGaussianBlur stdDeviation="${(size * 0.012).toFixed(1)}"/></filter>
</defs>
<rect width="${size}" height="${size}" fill="url(#wall)"/>
<rect y="${h}" width="${size}" height="${(size - Number(h)).toFixed(1)}" fill="url(#surface)"/>
${kind === 'table' ? `<rect y="${h}" width="${size}" height="${(size * 0.004).toFixed(1)}" fill="#ffffff" opacity="0.5"/>` : `<rect y="${(size * (horizon - 0.08)).toFixed(1)}" width="${size}" height="${(size * 0.16).toFixed(1)}" fill="url(#sweep)"/>`}
${props}
</svg>`;
}

/** A soft contact shadow (blurred ellipse) centred at `cx`,`cy`; uses the `contact` filter of `setSvg`. */
export function contactShadow(cx: number, cy: number, rx: number, ry: number, opacity = 0.35): string {
  return `<ellipse cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" rx="${rx.toFixed(1)}" ry="${ry.toFixed(1)}" fill="#000000" opacity="${opacity}" filter="url(#contact)"/>`;
}
