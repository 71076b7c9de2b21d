import { hexToRgb, luma, mixHex, saturation } from '../colour';
import type { Random } from '../random';

/** What each prompt colour plays in a generated picture. */
export interface ColourRoles {
  base: string;
  field: string;
  accent: string;
  floor: string;
  garment: string;
  shade: string;
  second: string;
  hair: string;
  shoe: string;
  skin: string;
}

/** How many leading palette colours may fill large areas. */
const MAJOR_COLOURS = 5;

const SKIN_TONES = ['#f2d4bf', '#e3b899', '#c98f6d', '#a06a4a', '#73492f', '#4d3022'];
const HAIR_TONES = ['#1f1a17', '#3b2a20', '#5a3c28', '#8c6239', '#c9a66b'];

interface Tone {
  hex: string;
  light: number;
  chroma: number;
}

/**
 * Casts a prompt palette (at least one colour) into roles: a backdrop, a second field, an accent, a garment
 * that stands out from the backdrop, and the shades around them. `random` decides between equally good casts.
 */
export function castRoles(palette: readonly string[], random: Random): ColourRoles {
  const tones: Tone[] = palette.map((hex) => ({
    hex,
    light: luma(...hexToRgb(hex)),
    chroma: saturation(hexToRgb(hex)),
  }));
  // The leading colours (the brand's, in a written prompt) take the big areas; later ones only accents.
  const major = tones.slice(0, MAJOR_COLOURS);
  const byLight = [...major].sort((a, b) => b.light - a.light);
  const lightest = byLight[0] ?? { hex: '#eeeeee', light: 0.93, chroma: 0 };
  const lead = tones[0] ?? lightest;
  // Half the time the picture honours the prompt's lead colour: as the set when light, else as the garment.
  const honourLead = random.next() < 0.5;
  // Editorial sets are mostly light; one frame in five goes dark for a moodier picture.
  const preferred =
    random.next() < 0.8
      ? (byLight[random.int(Math.min(2, byLight.length))] ?? lightest)
      : (byLight.at(-1) ?? lightest);
  const base = honourLead && lead.light > 0.5 ? lead : preferred;
  const rest = major.filter((t) => t !== base);
  const contrasting = rest.filter((t) => Math.abs(t.light - base.light) > 0.25);
  const leadFits = honourLead && contrasting.includes(lead);
  const garment = leadFits
    ? lead
    : contrasting.length > 0
      ? random.pick(contrasting)
      : (rest[0] ?? invert(base));
  const remaining = rest.filter((t) => t !== garment);
  const extras = tones.slice(MAJOR_COLOURS);
  const accent = [...remaining, ...extras].sort((a, b) => b.chroma - a.chroma)[0] ?? garment;
  const fieldPool = remaining.filter((t) => t !== accent);
  const field =
    fieldPool.length > 0 ? random.pick(fieldPool) : { ...base, hex: mixHex(base.hex, garment.hex, 0.3) };
  const darkest = byLight.at(-1) ?? garment;
  return {
    base: base.hex,
    field: field.hex,
    accent: accent.hex,
    floor: mixHex(base.hex, base.light > 0.5 ? '#000000' : '#ffffff', 0.12),
    garment: garment.hex,
    shade: mixHex(garment.hex, '#000000', 0.22),
    second: ([...remaining, ...extras][random.int(Math.max(1, remaining.length + extras.length))] ?? field)
      .hex,
    hair: darkest.light < 0.3 && random.next() < 0.5 ? darkest.hex : random.pick(HAIR_TONES),
    shoe: mixHex(darkest.hex, '#000000', 0.35),
    skin: random.pick(SKIN_TONES),
  };
}

function invert(tone: Tone): Tone {
  return {
    hex: mixHex(tone.hex, tone.light > 0.5 ? '#000000' : '#ffffff', 0.6),
    light: 1 - tone.light,
    chroma: tone.chroma,
  };
}
