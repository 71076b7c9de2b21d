/**
 * How Gemini counts what a request sends, per its documentation, so an estimate can be made without
 * calling the API (https://ai.google.dev/gemini-api/docs/tokens, …/docs/media-resolution):
 * - text: about 4 characters a token;
 * - an image in the prompt, Gemini 3 models: a fixed budget per image at the default (high) media
 *   resolution, 1120 tokens, whatever its size;
 * - an image in the prompt, Gemini 2 models: 258 tokens when both sides are at most 384 px, else 258 per
 *   768×768 tile it is cut into (after scaling).
 */

/** Characters per token in English text, as Google's token guide puts it. */
const CHARS_PER_TOKEN = 4;
/** Tokens of one image at Gemini 3's default (high) media resolution. */
const GEMINI_3_IMAGE_TOKENS = 1120;
/** Tokens of a small image, or of one 768×768 tile of a larger one, on Gemini 2. */
const GEMINI_2_TILE_TOKENS = 258;
/** Longest side an input image is sent at (the Gemini model downscales larger ones before sending). */
const MAX_INPUT_SIDE = 2048;

/** Tokens of a text of `chars` characters (at least 1 for any text). */
export function textTokens(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / CHARS_PER_TOKEN);
}

/**
 * Tokens one input image costs on `model`: Gemini 3 (and later) models a fixed 1120; older ones by tiles,
 * from the image's size when known (a 1024 px square, two by two tiles, when not).
 */
export function imageInputTokens(model: string, size?: { width: number; height: number }): number {
  const generation = /gemini-(\d+)/.exec(model)?.[1];
  if (generation === undefined || Number(generation) >= 3) return GEMINI_3_IMAGE_TOKENS;
  const { width, height } = size ?? { width: 1024, height: 1024 };
  if (width <= 384 && height <= 384) return GEMINI_2_TILE_TOKENS;
  const scale = Math.min(1, MAX_INPUT_SIDE / Math.max(width, height));
  const tiles = Math.ceil((width * scale) / 768) * Math.ceil((height * scale) / 768);
  return tiles * GEMINI_2_TILE_TOKENS;
}
