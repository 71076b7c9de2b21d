/** The colours a figure is dressed in. */
export interface FigureColours {
  garment: string;
  shade: string;
  second: string;
  accent: string;
  skin: string;
  hair: string;
  shoe: string;
}

/** A stylised fashion figure: where it stands, how tall, and how it is dressed and posed. */
export interface FigureSpec {
  x: number;
  feetY: number;
  height: number;
  /** Degrees; positive leans right. */
  lean: number;
  mirror: boolean;
  garment: 'coat' | 'dress' | 'suit';
  hair: 'bun' | 'bob' | 'long';
  pose: 'down' | 'hip' | 'bag';
  bareLegs: boolean;
  colours: FigureColours;
}

/** Unit figure: head height 1, top of head at y 0, feet at y 9, centred on x 0. */
const FEET = 9;

/**
 * The figure as an SVG group. With `silhouette`, every part is drawn in that one colour (for cast
 * shadows); `id` keeps gradient ids unique when several figures share a picture.
 */
export function figureSvg(spec: FigureSpec, id: string, silhouette?: string): string {
  const s = spec.height / FEET;
  const c = silhouette ? flat(silhouette) : spec.colours;
  const garmentFill = silhouette ? silhouette : `url(#${id}-cloth)`;
  const transform = `translate(${r(spec.x)} ${r(spec.feetY)}) rotate(${r(spec.lean)}) scale(${r(spec.mirror ? -s : s)} ${r(s)}) translate(0 ${-FEET})`;
  const defs = silhouette
    ? ''
    : `<defs><linearGradient id="${id}-cloth" x1="0" y1="0" x2="1" y2="0.3"><stop offset="0" stop-color="${spec.colours.garment}"/><stop offset="0.55" stop-color="${spec.colours.garment}"/><stop offset="1" stop-color="${spec.colours.shade}"/></linearGradient></defs>`;
  const parts = [
    hairBack(spec.hair, c.hair),
    legs(spec, c),
    `<path d="M-0.11 0.9 L0.13 0.9 L0.16 1.45 L-0.14 1.45 Z" fill="${c.skin}"/>`,
    `<path d="M-0.3 1.3 L0.3 1.3 L0.24 1.95 L-0.24 1.95 Z" fill="${c.skin}"/>`,
    garment(spec.garment, garmentFill, c),
    arms(spec.pose, c),
    `<ellipse cx="0.05" cy="0.55" rx="0.36" ry="0.47" fill="${c.skin}"/>`,
    hairFront(spec.hair, c.hair),
  ];
  return `${defs}<g transform="${transform}">${parts.join('')}</g>`;
}

function garment(kind: FigureSpec['garment'], fill: string, c: FigureColours): string {
  if (kind === 'dress') {
    return [
      `<path d="M-0.27 1.33 L-0.86 1.56 C-0.82 2.2 -0.64 2.7 -0.58 3.05 L0.58 3.05 C0.64 2.7 0.82 2.2 0.86 1.56 L0.27 1.33 Q0 1.8 -0.27 1.33 Z" fill="${fill}"/>`,
      `<path d="M-0.58 3.0 C-0.9 3.8 -1.35 4.6 -1.6 5.45 Q0 5.75 1.6 5.45 C1.35 4.6 0.9 3.8 0.58 3.0 Z" fill="${fill}"/>`,
      `<path d="M-0.6 2.95 L0.6 2.95 L0.62 3.2 L-0.62 3.2 Z" fill="${c.accent}"/>`,
    ].join('');
  }
  const hem = kind === 'suit' ? 4.35 : 6.15;
  const flare = kind === 'suit' ? 0.95 : 1.2;
  const body = `<path d="M-0.2 1.3 L-0.94 1.56 C-1.0 2.2 -0.8 2.7 -0.72 3.2 C-0.82 3.9 -${flare - 0.05} ${hem - 1} -${flare} ${hem} L${flare - 0.04} ${hem + 0.04} C${flare - 0.1} ${hem - 1} 0.8 3.9 0.7 3.2 C0.78 2.7 0.99 2.2 0.92 1.56 L0.2 1.3 Z" fill="${fill}"/>`;
  const trousers =
    kind === 'suit'
      ? `<path d="M-0.72 4.0 L-0.88 8.62 L-0.1 8.62 L0 4.95 L0.1 8.62 L0.88 8.62 L0.72 4.0 Z" fill="${c.second}"/>`
      : '';
  return [
    trousers,
    body,
    `<path d="M-0.19 1.32 L0 2.25 L0.19 1.32 Z" fill="${c.second}"/>`,
    `<path d="M-0.2 1.3 L0.02 2.5 L-0.35 1.9 Z" fill="${c.shade}" opacity="0.7"/>`,
    `<path d="M-0.74 3.12 L0.72 3.12 L0.71 3.32 L-0.75 3.32 Z" fill="${c.shade}"/>`,
    `<path d="M0.02 3.32 L0.06 ${hem}" stroke="${c.shade}" stroke-width="0.04"/>`,
  ].join('');
}

function legs(spec: FigureSpec, c: FigureColours): string {
  if (spec.garment === 'suit') return shoes(c.shoe);
  const top = spec.garment === 'dress' ? 5.3 : 6.0;
  const leg = spec.bareLegs ? c.skin : c.hair;
  return [
    `<path d="M-0.44 ${top} L-0.1 ${top} L-0.2 8.6 L-0.37 8.6 Z" fill="${leg}"/>`,
    `<path d="M0.08 ${top} L0.42 ${top} L0.42 8.6 L0.25 8.6 Z" fill="${leg}"/>`,
    shoes(c.shoe),
  ].join('');
}

function shoes(fill: string): string {
  return `<ellipse cx="-0.33" cy="8.72" rx="0.24" ry="0.11" fill="${fill}"/><ellipse cx="0.38" cy="8.72" rx="0.24" ry="0.11" fill="${fill}"/>`;
}

function arms(pose: FigureSpec['pose'], c: FigureColours): string {
  const sleeve = (d: string) =>
    `<path d="${d}" fill="none" stroke="${c.shade}" stroke-width="0.32" stroke-linecap="round" stroke-linejoin="round"/>`;
  const hand = (x: number, y: number) => `<circle cx="${x}" cy="${y}" r="0.12" fill="${c.skin}"/>`;
  const right = sleeve('M0.86 1.7 Q1.06 2.8 0.84 3.9');
  if (pose === 'hip') return sleeve('M-0.86 1.7 L-1.42 2.85 L-0.8 3.3') + hand(-0.76, 3.3) + right;
  if (pose === 'bag') {
    return [
      sleeve('M-0.86 1.7 Q-1.12 2.9 -1.08 4.15'),
      `<path d="M-1.32 4.45 Q-1.08 3.95 -0.84 4.45" fill="none" stroke="${c.shoe}" stroke-width="0.06"/>`,
      `<rect x="-1.48" y="4.42" width="0.8" height="0.62" rx="0.08" fill="${c.accent}"/>`,
      hand(-1.08, 4.3),
      right,
    ].join('');
  }
  return sleeve('M-0.86 1.7 Q-1.12 2.9 -1.02 4.3') + hand(-1.01, 4.45) + right;
}

function hairBack(kind: FigureSpec['hair'], fill: string): string {
  if (kind === 'long')
    return `<path d="M-0.42 0.4 Q-0.5 1.4 -0.62 1.9 L0.66 1.9 Q0.52 1.4 0.48 0.4 Z" fill="${fill}"/>`;
  if (kind === 'bob')
    return `<path d="M-0.42 0.4 Q-0.5 0.95 -0.4 1.08 L0.5 1.08 Q0.58 0.95 0.5 0.4 Z" fill="${fill}"/>`;
  return `<circle cx="-0.05" cy="-0.08" r="0.22" fill="${fill}"/>`;
}

function hairFront(kind: FigureSpec['hair'], fill: string): string {
  const cap = `<path d="M-0.34 0.62 C-0.42 0.1 -0.15 0.05 0.05 0.05 C0.3 0.05 0.46 0.15 0.41 0.6 C0.3 0.34 0.0 0.3 -0.34 0.62 Z" fill="${fill}"/>`;
  return kind === 'bun' ? cap : `${cap}<path d="M0.41 0.55 L0.47 0.9 L0.36 0.85 Z" fill="${fill}"/>`;
}

function flat(colour: string): FigureColours {
  return {
    garment: colour,
    shade: colour,
    second: colour,
    accent: colour,
    skin: colour,
    hair: colour,
    shoe: colour,
  };
}

function r(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}
