import { creativePromptSchema, type CreativePrompt, type ReferenceAnalysis } from '../../../shared/creative';
import type { PromptRequest } from '../../creative-capabilities';
import { lookKeywords } from '../analysis/analyze-reference';
import { colorName, deltaE, hexToRgb } from '../colour';
import { hash32 } from '../random';
import { requireInt } from '../require-int';

/** The compositions a prompt can ask for, cycled across a batch so it is not one shot repeated. */
export const COMPOSITIONS = creativePromptSchema.shape.composition.options;

/** Most prompts one call writes (a Creative Director batch is smaller). */
const MAX_PROMPTS = 100;

const COMPOSITION_PHRASES: Record<CreativePrompt['composition'], string> = {
  centered: 'the figure centred in the frame with balanced space on either side',
  diagonal: 'a bold diagonal line crossing the frame, the figure leaning into it',
  'rule-of-thirds': 'the figure on a vertical third, the horizon on a horizontal third',
  split: 'the frame split into two colour fields, the figure at the seam',
  grid: 'a lookbook grid of panels, the look repeated across them',
};

const SHOTS = [
  'A full-length look, the model standing tall',
  'A three-quarter look caught mid-stride',
  'A full-length look turning over one shoulder',
  'A relaxed pose, one hand at the waist',
  'A full-length look with a bag held low',
  'A quiet pose, weight on one leg',
];

/**
 * Writes exactly `count` prompts from the reference analyses, the brand guide and the mood: a merged
 * palette, one composition per prompt (cycled), and a seed derived from the index and the text. Never
 * mentions a word from the guide's avoid list. Throws a non-retryable `InvalidInput` when `count` is not
 * an integer 1..100.
 */
export function writePrompts(request: PromptRequest): CreativePrompt[] {
  const { analyses, guide, count } = request;
  requireInt('count', count, 1, MAX_PROMPTS);
  const allowed = (word: string) => withoutAvoided(word, guide.avoid) === word;
  const mood = request.mood.trim() || (guide.moods[0] ?? 'editorial');
  const palette = mergePalette(guide.palette, analyses);
  const tone = toneWords(analyses).filter(allowed);
  const moods = [mood, ...guide.moods.filter((m) => m.toLowerCase() !== mood.toLowerCase())]
    .filter(allowed)
    .slice(0, 3);
  const voice = /[.!?]$/.test(guide.voice.trim()) ? guide.voice.trim() : `${guide.voice.trim()}.`;
  const shotOffset = hash32(mood) % SHOTS.length;
  return Array.from({ length: count }, (_, index) => {
    const composition = COMPOSITIONS[index % COMPOSITIONS.length] ?? 'centered';
    // Each prompt leads with another brand colour, so the batch explores the palette.
    const lead = index % guide.palette.length;
    const ordered = [
      ...palette.slice(lead, guide.palette.length),
      ...palette.slice(0, lead),
      ...palette.slice(guide.palette.length),
    ];
    const names = [...new Set(ordered.map((hex) => colorName(hexToRgb(hex))))].filter(allowed);
    const sentences = [
      `${allowed(mood) ? `${capitalise(mood)} fashion` : 'Fashion'} editorial for ${guide.name}.`,
      voice,
      `${SHOTS[(shotOffset + index) % SHOTS.length] ?? ''}, ${COMPOSITION_PHRASES[composition]}.`,
      `Palette led by ${names.join(', ')} (${ordered.join(' ')}).`,
      tone.length > 0 ? `Light and tone from the references: ${tone.join(', ')}.` : '',
      moods.length > 0 ? `Mood: ${moods.join(', ')}.` : '',
    ];
    const text = withoutAvoided(sentences.filter(Boolean).join(' '), guide.avoid);
    return creativePromptSchema.parse({
      index,
      text,
      palette: ordered,
      composition,
      seed: hash32(`${index}:${text}`) & 0x7fffffff,
    });
  });
}

// The brand palette leads; up to two reference colours that the brand lacks join as accents.
function mergePalette(brand: string[], analyses: ReferenceAnalysis[]): string[] {
  const merged = [...brand];
  const candidates = analyses.flatMap((a) => a.palette.slice(0, 3));
  for (const hex of candidates) {
    if (merged.length >= Math.min(8, brand.length + 2)) break;
    if (merged.every((m) => deltaE(hexToRgb(m), hexToRgb(hex)) > 20)) merged.push(hex);
  }
  return merged;
}

function toneWords(analyses: ReferenceAnalysis[]): string[] {
  if (analyses.length === 0) return [];
  const mean = (pick: (a: ReferenceAnalysis) => number) =>
    analyses.reduce((s, a) => s + pick(a), 0) / analyses.length;
  return lookKeywords({
    brightness: mean((a) => a.brightness),
    contrast: mean((a) => a.contrast),
    saturation: mean((a) => a.saturation),
    warmth: mean((a) => a.warmth),
  });
}

/** The text with every word containing an avoided phrase removed, and the punctuation tidied after it. */
export function withoutAvoided(text: string, avoid: readonly string[]): string {
  let out = text;
  for (const phrase of avoid.map((p) => p.trim()).filter(Boolean)) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    out = out.replace(new RegExp(`[\\w-]*${escaped}[\\w-]*`, 'gi'), '');
  }
  return out
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/[,;:]\s*\./g, '.')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
