import sharp from 'sharp';

/** The products `drawSampleProduct` can draw. */
export type SampleKind = 'tote' | 'tshirt' | 'sneaker';

/** Side of the (square) sample photos, in pixels. */
export const SAMPLE_SIZE = 1200;

/** What a sample photo shows, for tests that check measurements against the drawing. */
export interface SampleGeometry {
  /** The product's bounding box (its contact shadow excluded). */
  bounds: { left: number; top: number; width: number; height: number };
  /** The product's main colour. */
  color: string;
  /** The backdrop colour at its centre. */
  backdrop: string;
}

/** The known geometry and colours of each sample drawing. */
export const SAMPLE_PRODUCTS: Readonly<Record<SampleKind, SampleGeometry>> = {
  tote: { bounds: { left: 310, top: 255, width: 580, height: 755 }, color: '#b4532f', backdrop: '#f3f0ea' },
  tshirt: { bounds: { left: 180, top: 296, width: 840, height: 704 }, color: '#2e4a78', backdrop: '#f3f0ea' },
  sneaker: {
    bounds: { left: 170, top: 430, width: 860, height: 390 },
    color: '#2f5d46',
    backdrop: '#f3f0ea',
  },
};

const THREAD = '#f1dfbf';
const stitch = (d: string, colour = THREAD, dash = '10 7') =>
  `<path d="${d}" fill="none" stroke="${colour}" stroke-width="3" stroke-dasharray="${dash}" stroke-linecap="round" opacity="0.9"/>`;

// Filters: grain for the backdrop, a woven look for fabric, a blur for soft shadows and folds. Fixed seeds
// keep the drawing byte-for-byte the same on every run.
const DEFS = `
  <radialGradient id="backdrop" cx="50%" cy="45%" r="75%">
    <stop offset="0" stop-color="#f6f3ee"/><stop offset="0.6" stop-color="#f0ece5"/><stop offset="1" stop-color="#e2ddd4"/>
  </radialGradient>
  <filter id="grain" x="0" y="0" width="100%" height="100%">
    <feTurbulence type="fractalNoise" baseFrequency="0.85" numOctaves="2" seed="11"/>
    <feColorMatrix type="saturate" values="0"/>
  </filter>
  <filter id="weave" x="0" y="0" width="100%" height="100%">
    <feTurbulence type="fractalNoise" baseFrequency="0.9 0.045" numOctaves="2" seed="5"/>
    <feColorMatrix type="saturate" values="0"/>
  </filter>
  <filter id="soft" x="-20%" y="-50%" width="140%" height="200%"><feGaussianBlur stdDeviation="12"/></filter>
  <filter id="fold" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="18"/></filter>
  <linearGradient id="shade-x" x1="0" x2="1" y1="0" y2="0">
    <stop offset="0" stop-color="#000" stop-opacity="0.22"/><stop offset="0.3" stop-color="#fff" stop-opacity="0.1"/>
    <stop offset="0.65" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.28"/>
  </linearGradient>
  <linearGradient id="shade-y" x1="0" x2="0" y1="0" y2="1">
    <stop offset="0" stop-color="#fff" stop-opacity="0.06"/><stop offset="1" stop-color="#000" stop-opacity="0.18"/>
  </linearGradient>`;

/** Paints `shape` in `colour` with the shading, fabric texture and folds shared by the samples. */
function fabric(id: string, shape: string, colour: string, folds = ''): string {
  return `
  <clipPath id="${id}"><path d="${shape}"/></clipPath>
  <path d="${shape}" fill="${colour}"/>
  <g clip-path="url(#${id})">
    <rect width="1200" height="1200" filter="url(#weave)" opacity="0.16" style="mix-blend-mode:multiply"/>
    <g filter="url(#fold)">${folds}</g>
    <path d="${shape}" fill="url(#shade-x)"/><path d="${shape}" fill="url(#shade-y)"/>
  </g>`;
}

const TOTE_BODY = 'M330 470 L870 470 L890 990 Q890 1010 870 1010 L330 1010 Q310 1010 310 990 Z';
const TOTE = `
  <ellipse cx="600" cy="1012" rx="290" ry="14" fill="#000" opacity="0.12" filter="url(#soft)"/>
  <path d="M466 476 C466 230 734 230 734 476" fill="none" stroke="#7c3620" stroke-width="34"/>
  ${fabric('tote', TOTE_BODY, '#b4532f', '<path d="M470 540 L520 1000 L560 1000 L500 540 Z" fill="#000" opacity="0.12"/><path d="M700 560 L660 1000 L700 1000 L735 560 Z" fill="#fff" opacity="0.08"/>')}
  <path d="M330 470 L870 470 L872 528 L328 528 Z" fill="#9b4325"/>
  ${stitch('M336 480 L864 480')}${stitch('M334 518 L866 518')}
  ${stitch('M334 536 L352 990')}${stitch('M866 536 L848 990')}${stitch('M330 988 L870 988')}
  <path d="M440 480 C440 200 760 200 760 480" fill="none" stroke="#a84b2a" stroke-width="30"/>
  <path d="M440 480 C440 200 760 200 760 480" fill="none" stroke="#000" stroke-width="30" opacity="0.12" stroke-dasharray="0 14 400"/>
  ${stitch('M431 480 C431 190 769 190 769 480', '#e9cfa6')}
  <rect x="423" y="466" width="34" height="96" fill="#a84b2a"/><rect x="743" y="466" width="34" height="96" fill="#a84b2a"/>
  ${stitch('M429 504 L451 504 L451 552 L429 552 Z M429 504 L451 552 M451 504 L429 552', THREAD, '6 5')}
  ${stitch('M749 504 L771 504 L771 552 L749 552 Z M749 504 L771 552 M771 504 L749 552', THREAD, '6 5')}
  <rect x="536" y="690" width="128" height="72" rx="8" fill="#e6cfa8"/>
  <rect x="536" y="690" width="128" height="72" rx="8" fill="url(#shade-y)"/>
  ${stitch('M546 700 L654 700 L654 752 L546 752 Z', '#a0784a')}
  <path d="M566 726 L634 726" stroke="#a0784a" stroke-width="4" stroke-linecap="round"/>`;

const TEE_BODY =
  'M468 300 Q600 392 732 300 L870 336 L1020 470 L930 570 L868 520 L870 1000 L330 1000 L332 520 L270 570 L180 470 L330 336 Z';
const TSHIRT = `
  <ellipse cx="600" cy="1002" rx="300" ry="12" fill="#000" opacity="0.1" filter="url(#soft)"/>
  ${fabric('tee', TEE_BODY, '#2e4a78', '<path d="M420 560 L470 990 L510 990 L450 560 Z" fill="#000" opacity="0.16"/><path d="M740 600 L700 990 L750 990 L780 600 Z" fill="#fff" opacity="0.07"/>')}
  <path d="M468 300 Q600 392 732 300 L718 296 Q600 368 482 296 Z" fill="#243b60"/>
  <path d="M462 306 Q600 410 738 306" fill="none" stroke="#3a5a8e" stroke-width="14"/>
  ${stitch('M454 318 Q600 424 746 318', '#5b79ad')}${stitch('M340 972 L860 972', '#5b79ad')}
  ${stitch('M198 486 L286 562', '#5b79ad')}${stitch('M1002 486 L914 562', '#5b79ad')}`;

const SHOE_UPPER =
  'M190 760 Q180 680 262 650 L470 600 L700 468 L718 442 Q745 422 772 440 L800 470 Q850 500 900 468 Q962 440 990 520 L1010 760 Z';
const SNEAKER = `
  <ellipse cx="600" cy="822" rx="420" ry="12" fill="#000" opacity="0.12" filter="url(#soft)"/>
  ${fabric('shoe', SHOE_UPPER, '#2f5d46', '<path d="M300 700 L900 560 L900 640 L300 760 Z" fill="#fff" opacity="0.08"/>')}
  <path d="M190 760 Q180 680 262 650 L360 626 Q402 700 372 760 Z" fill="#b8925f"/>
  <path d="M884 474 Q962 440 990 520 L1010 760 L858 760 Q902 620 884 474 Z" fill="#b8925f"/>
  <path d="M470 740 Q640 700 840 560 L852 600 Q660 730 480 760 Z" fill="#d9c49c"/>
  ${stitch('M204 748 Q198 684 268 662 L352 642', '#e8d6b4')}${stitch('M876 492 Q950 466 974 528 L990 748', '#e8d6b4')}
  <path d="M806 478 Q850 508 898 478" fill="none" stroke="#1f3f30" stroke-width="10" stroke-linecap="round"/>
  ${[0, 1, 2, 3, 4].map((k) => `<circle cx="${486 + k * 50}" cy="${604 - k * 31}" r="7" fill="#d9d2c3"/>`).join('')}
  ${[0, 1, 2, 3].map((k) => `<path d="M${486 + k * 50} ${604 - k * 31} L${526 + k * 50} ${560 - k * 31}" stroke="#6d6455" stroke-width="12" stroke-linecap="round"/><path d="M${486 + k * 50} ${604 - k * 31} L${526 + k * 50} ${560 - k * 31}" stroke="#f4efe4" stroke-width="8" stroke-linecap="round"/>`).join('')}
  <path d="M170 756 L1030 756 Q1034 808 1000 820 L210 820 Q172 812 170 756 Z" fill="#c48a4f"/>
  <path d="M174 770 L1028 770" stroke="#8f5f32" stroke-width="5"/>
  ${stitch('M190 786 L1012 786', '#e6c79d')}`;

const PRODUCTS: Record<SampleKind, string> = { tote: TOTE, tshirt: TSHIRT, sneaker: SNEAKER };

/**
 * Draws a sample product photo: a PNG of `SAMPLE_SIZE` px square with the product (shaded, textured,
 * stitched) on a light off-white backdrop with a slight vignette and grain. Deterministic; never throws.
 */
export async function drawSampleProduct(kind: SampleKind = 'tote'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SAMPLE_SIZE}" height="${SAMPLE_SIZE}" viewBox="0 0 1200 1200">
  <defs>${DEFS}</defs>
  <rect width="1200" height="1200" fill="url(#backdrop)"/>
  <rect width="1200" height="1200" filter="url(#grain)" opacity="0.05"/>
  ${PRODUCTS[kind]}
</svg>`;
  return sharp(Buffer.from(svg), { density: 72 }).flatten({ background: '#f3f0ea' }).png().toBuffer();
}
