import type { BrandGuide } from '../shared/brand-guide';
import type { CreativePrompt, ReferenceAnalysis } from '../shared/creative';
import type { ProductAnalysis } from '../shared/product';
import type { BackgroundStyle } from '../shared/styles';
import * as words from '../model/gemini/gemini-prompts';
import type { PlannedCall } from './planned-call';

// Per-call figures grounded in the requests the Gemini model sends: the request text is the real
// instruction (built from `gemini-prompts.ts` with stand-ins of typical length for what the run will only
// know later), and answer sizes follow the response schemas in `gemini-schemas.ts`.

/**
 * Thinking tokens a JSON call is expected to spend (and at most, for the range's upper end). Thinking is not
 * part of the schema; these are what flash models spend on short structured answers.
 */
const THINKING = { expected: 150, atMost: 600 };
/** Tokens of a typical one- or two-sentence description (schema bound: 2000 characters, 500 tokens). */
const DESCRIPTION = { expected: 40, atMost: 500 };
/** Tokens of one colour `"#rrggbb"` with its separator. */
const COLOUR = 5;

/** A reference analysis of typical length, as the prompt-writing request will quote it. */
const TYPICAL_ANALYSIS: ReferenceAnalysis = {
  width: 1024,
  height: 1280,
  palette: ['#d8c3a5', '#8e5b3a', '#efe7dc', '#2f2a26'],
  brightness: 0.6,
  contrast: 0.4,
  saturation: 0.35,
  warmth: 0.4,
  orientation: 'portrait',
  keywords: ['warm', 'soft', 'natural light', 'muted'],
  description: 'Warm, soft morning light on natural fabrics, a calm model by a window, muted earth tones.',
};

/** A written prompt of typical length (what image generation and judging send). */
const TYPICAL_PROMPT: CreativePrompt = {
  index: 0,
  text:
    'A model in a loose linen coat by a tall window, morning light falling across the floor, calm studio set ' +
    'with generous negative space, shot at eye level on a 50 mm lens, soft shadows.',
  palette: ['#efe7dc', '#c8b29a', '#7a6a58'],
  composition: 'rule-of-thirds',
  seed: 0,
};

/** A product analysis of typical length (what compositions quote). */
const TYPICAL_PRODUCT: ProductAnalysis = {
  width: 1200,
  height: 1200,
  hasAlpha: false,
  palette: ['#a0522d', '#f0e6d2'],
  backgroundColor: '#f5f3ee',
  backgroundUniformity: 0.9,
  subjectBounds: { left: 240, top: 144, width: 720, height: 864 },
  subjectCoverage: 0.43,
  description: 'A terracotta leather tote with contrast stitching and a short top handle.',
};

const text = (
  activity: string,
  promptChars: number,
  imagesIn: number,
  answer: { expected: number; atMost: number },
): PlannedCall => ({
  activity,
  model: 'text',
  count: 1,
  extraAtMost: 0,
  promptChars,
  imagesIn,
  answerTokens: answer.expected + THINKING.expected,
  answerTokensAtMost: answer.atMost + THINKING.atMost,
  imagesOut: 0,
});

const image = (activity: string, promptChars: number, imagesIn: number): PlannedCall => ({
  activity,
  model: 'image',
  count: 1,
  extraAtMost: 0,
  promptChars,
  imagesIn,
  answerTokens: 0,
  answerTokensAtMost: 0,
  imagesOut: 1,
});

/** The answer of an analysis: a palette, a few numbers or a box, keywords and a description. */
const ANALYSIS_ANSWER = {
  expected: 6 * COLOUR + 40 + DESCRIPTION.expected,
  atMost: 6 * COLOUR + 12 * 6 + 60 + DESCRIPTION.atMost,
};

/** `analyzeReference`: one reference image and the art director's instruction; a JSON analysis back. */
export function referenceAnalysisCall(): PlannedCall {
  return text('analyzeReference', words.ANALYZE_REFERENCE.length, 1, ANALYSIS_ANSWER);
}

/** `analyzeProduct`: the product photo and the analyst's instruction; a JSON analysis back. */
export function productAnalysisCall(): PlannedCall {
  return text('analyzeProduct', words.ANALYZE_PRODUCT.length, 1, ANALYSIS_ANSWER);
}

/** `writePrompts`: one text request quoting every analysis and the brand guide; `count` prompts back. */
export function promptWritingCall(guide: BrandGuide, mood: string, references: number, count: number) {
  const analyses = Array.from({ length: references }, () => TYPICAL_ANALYSIS);
  const request = words.writePromptsInstruction({ analyses, guide, mood, count });
  const perPrompt = Math.ceil(TYPICAL_PROMPT.text.length / 4) + 3 * COLOUR + 10;
  // A prompt's text may run to 4000 characters (1000 tokens) and 8 colours.
  return text('writePrompts', request.length, 0, {
    expected: count * perPrompt,
    atMost: count * (1000 + 8 * COLOUR + 10),
  });
}

/** `generateImage`: the prompt's text; one image back. */
export function imageGenerationCall(): PlannedCall {
  return image('generateImage', words.imagePromptText(TYPICAL_PROMPT).length, 0);
}

/** `judgeImage`: the image and the brief against the brand guide; a score and short reasons back. */
export function judgeCall(guide: BrandGuide): PlannedCall {
  const request = words.judgeInstruction(TYPICAL_PROMPT, guide);
  // Up to 20 reasons of a dozen words each by the schema; usually two or three.
  return text('judgeImage', request.length, 1, { expected: 40, atMost: 20 * 20 + 5 });
}

/** `generateBackground`: a style and a palette; one image back. */
export function backgroundCall(style: BackgroundStyle, activity = 'generateBackground'): PlannedCall {
  return image(activity, words.backgroundInstruction(style, TYPICAL_PRODUCT.palette).length, 0);
}

/** `composeProduct`: the product and the background images and the placement instruction; one image back. */
export function compositionCall(activity = 'composeProduct'): PlannedCall {
  return image(activity, words.composeInstruction(TYPICAL_PRODUCT).length, 2);
}

/** `generateModel`: a fashion model to dress; one image back. */
export function modelCall(): PlannedCall {
  return image('generateModel', words.modelInstruction(TYPICAL_PRODUCT.palette).length, 0);
}

/** `tryOnGarment`: the garment and the model images; one image back. */
export function tryOnCall(): PlannedCall {
  return image('tryOnGarment', words.TRY_ON.length, 2);
}

/** `stageAccessory`: the cut-out and a scene instruction; one image back. */
export function stageCall(): PlannedCall {
  return image('stageAccessory', words.stageInstruction(TYPICAL_PRODUCT.palette).length, 1);
}

/** `composePair`: the shoe cut-out and a pair instruction; one image back. */
export function pairCall(): PlannedCall {
  return image('composePair', words.pairInstruction(TYPICAL_PRODUCT.palette).length, 1);
}
