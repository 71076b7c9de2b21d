import type { BrandGuide } from '../../shared/brand-guide';
import type { CreativePrompt } from '../../shared/creative';
import type { ProductAnalysis } from '../../shared/product';
import type { BackgroundStyle } from '../../shared/styles';
import type { PromptRequest } from '../creative-capabilities';

// The words sent to Gemini, kept apart from the call plumbing so they can be read and tuned as copy.
// Bump PROMPT_VERSION when a change would change answers: memoised analyses are keyed by it.

/** The version of these instructions, part of the memo key of analyses and judgements. */
export const PROMPT_VERSION = 'gemini-prompts-1';

const STYLE_WORDS: Record<BackgroundStyle, string> = {
  'studio-white': 'a seamless bright white studio sweep with a soft floor shadow',
  'warm-beige': 'a warm beige plaster wall and floor, soft window light',
  'cool-grey': 'a cool mid-grey seamless paper backdrop, even studio light',
  'soft-pastel': 'a soft pastel gradient backdrop, airy diffuse light',
  'dark-luxe': 'a deep charcoal backdrop with a gentle spotlight falloff, luxurious mood',
};

/** Asks for a product photo's analysis. */
export const ANALYZE_PRODUCT =
  'You are a product photo analyst for a fashion e-commerce studio. Look at the photo and answer in JSON: ' +
  "the product's dominant colours (not the background's), the background colour and how plain it is, the " +
  "product's bounding box as fractions of the image size, and a short catalogue description.";

/** Asks for a reference image's look and feel. */
export const ANALYZE_REFERENCE =
  'You are an art director reading a reference image for a fashion shoot. Answer in JSON: its dominant ' +
  'colours, brightness, contrast, saturation and warmth, a few keywords for its look, and a short description.';

/** Asks for `count` prompts from analyses, a brand guide and a mood. */
export function writePromptsInstruction(request: PromptRequest): string {
  const { analyses, guide, mood, count } = request;
  const references = analyses.map(
    (a, i) => `${i + 1}. ${a.description} Palette ${a.palette.join(' ')}; ${a.keywords.join(', ')}.`,
  );
  return [
    `You write image prompts for ${guide.name}, a fashion brand. Voice: ${guide.voice}`,
    `Write exactly ${count} distinct prompts for editorial fashion images, mood "${mood}", aspect ratio ${guide.aspectRatio}.`,
    `Use the brand palette ${guide.palette.join(' ')}, with accents from the references.`,
    guide.avoid.length > 0 ? `Never show or mention: ${guide.avoid.join(', ')}.` : '',
    'Vary the composition across the prompts. References:',
    ...references,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The text that asks the image model for a prompt's picture. */
export function imagePromptText(prompt: CreativePrompt): string {
  return `${prompt.text}\nComposition: ${prompt.composition}. Colour palette: ${prompt.palette.join(', ')}. Photographic, editorial fashion, no text or logos.`;
}

/** Asks for a judgement of an image against its prompt and the brand guide. */
export function judgeInstruction(prompt: CreativePrompt, guide: BrandGuide): string {
  return [
    `You are ${guide.name}'s creative director. Judge the image against its brief and the brand guide, in JSON.`,
    `Brief: ${prompt.text}`,
    `Brand palette: ${guide.palette.join(' ')}. Voice: ${guide.voice}.`,
    guide.avoid.length > 0 ? `The brand never shows: ${guide.avoid.join(', ')}.` : '',
    `Score 0..1; ${guide.minScore} or more means publishable. Give short reasons, shortfalls first.`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Asks for an empty studio background in a style, harmonised with a palette. */
export function backgroundInstruction(style: BackgroundStyle, palette: string[]): string {
  return `An empty product photography background: ${STYLE_WORDS[style]}. Harmonise with the colours ${palette.join(', ')}. No objects, no people, no text.`;
}

/** Asks to place the product (first image) onto the background (second image). */
export function composeInstruction(analysis: ProductAnalysis): string {
  return (
    `Place the product from the first image onto the background in the second image, centred and filling about ` +
    `${Math.round(Math.min(0.8, Math.max(0.5, analysis.subjectCoverage)) * 100)}% of the frame, with a natural contact shadow. ` +
    `Keep the product exactly as it is: ${analysis.description}`
  );
}

/** Asks for a fashion model to dress, toned to a garment palette. */
export function modelInstruction(palette: string[]): string {
  return `A full-length fashion model standing in a neutral pose against a plain studio backdrop, wearing a simple fitted base layer that goes with ${palette.join(', ')}. Photographic, no text.`;
}

/** Asks to dress the model (second image) in the garment (first image). */
export const TRY_ON =
  'Dress the model in the second image in the garment from the first image. Keep the model, pose, backdrop and ' +
  "light as they are; keep the garment's colour, pattern and details exactly. Photographic, no text.";

/** Asks for a lifestyle scene around an accessory cut-out. */
export function stageInstruction(palette: string[]): string {
  return `Stage the accessory from the image in a styled lifestyle still life: on a surface with a few props in ${palette.join(', ')}, soft daylight. Keep the accessory exactly as it is. No text.`;
}

/** Asks for a footwear pair shot from one shoe. */
export function pairInstruction(palette: string[]): string {
  return `Show the shoe from the image as a pair, left and right side by side on a floor with soft shadows, backdrop in ${palette.join(', ')}. Keep the shoe exactly as it is. No text.`;
}
