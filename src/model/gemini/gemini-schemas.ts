import { z } from 'zod';
import { creativePromptSchema, judgementSchema } from '../../shared/creative';

// What the model is asked to answer. Fields it cannot know (pixel sizes, alpha, orientation, seeds, indexes)
// are measured or assigned locally; the final objects are validated again with the shared schemas.

const hex = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/)
  .describe('a colour as #rrggbb');
const fraction = z.number().min(0).max(1);

/** The model's answer about a product photo. */
export const productAnswerSchema = z.object({
  palette: z
    .array(hex)
    .min(1)
    .max(5)
    .describe('dominant colours of the product itself, not the background, most prominent first'),
  backgroundColor: hex.describe('the background colour, from the image border'),
  backgroundUniformity: fraction.describe(
    'how plain the background is: 1 is a perfectly flat backdrop, 0 a busy scene',
  ),
  subjectBox: z
    .object({ left: fraction, top: fraction, width: fraction, height: fraction })
    .describe("the product's bounding box as fractions of the image's width and height"),
  description: z
    .string()
    .min(1)
    .max(2000)
    .describe('one or two sentences describing the product for a catalogue'),
});

/** The model's answer about a reference image. */
export const referenceAnswerSchema = z.object({
  palette: z.array(hex).min(1).max(6).describe('dominant colours, most frequent first'),
  brightness: fraction.describe('mean luminance: 0 black, 1 white'),
  contrast: fraction.describe('tonal contrast: 0 flat, 1 extreme'),
  saturation: fraction.describe('mean colour saturation: 0 greyscale, 1 vivid'),
  warmth: z.number().min(-1).max(1).describe('-1 cool and blue, 1 warm red-yellow'),
  keywords: z
    .array(z.string().min(1))
    .max(12)
    .describe('short words for the look, e.g. bright, muted, warm, high-contrast'),
  description: z
    .string()
    .min(1)
    .max(2000)
    .describe('the look and feel in one or two sentences, for a photographer'),
});

/** The model's answer to a prompt-writing request: exactly `count` prompts. */
export function promptsAnswerSchema(count: number) {
  const prompt = z.object({
    text: creativePromptSchema.shape.text.describe('the image prompt: subject, styling, set, light, camera'),
    palette: z.array(hex).min(1).max(8).describe('the colours the image should use'),
    composition: creativePromptSchema.shape.composition,
  });
  return z.object({
    prompts: z.array(prompt).min(count).max(count).describe(`exactly ${count} distinct prompts`),
  });
}

/** The model's verdict on an image. */
export const judgementAnswerSchema = z.object({
  score: judgementSchema.shape.score.describe(
    '0..1: how well the image follows the prompt and the brand guide',
  ),
  reasons: judgementSchema.shape.reasons.describe('short reasons for the score, the shortfalls first'),
});

// The subset of JSON Schema that Gemini's `responseJsonSchema` accepts (per the @google/genai 2.x docs).
const SUPPORTED = new Set([
  '$id',
  '$defs',
  '$ref',
  '$anchor',
  'type',
  'format',
  'title',
  'description',
  'enum',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
  'properties',
  'additionalProperties',
  'required',
]);

/**
 * A zod schema as the JSON Schema Gemini accepts: unsupported keywords dropped (a `pattern` is folded into
 * the description), no meaningless bounds. The answer is still validated with the zod schema itself.
 */
export function toGeminiJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return clean(z.toJSONSchema(schema, { io: 'input' })) as Record<string, unknown>;
}

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'properties' || key === '$defs') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, clean(sub)]),
      );
    } else if (key === 'const') {
      out.enum = [value];
    } else if (SUPPORTED.has(key) && !(typeof value === 'number' && Math.abs(value) > 1e15)) {
      out[key] = clean(value);
    }
  }
  if (typeof source.pattern === 'string' && typeof out.description !== 'string')
    out.description = `matches ${source.pattern}`;
  return out;
}

/** A validated product answer. */
export type ProductAnswer = z.infer<typeof productAnswerSchema>;
/** A validated reference answer. */
export type ReferenceAnswer = z.infer<typeof referenceAnswerSchema>;
/** A validated prompt-writing answer. */
export type PromptsAnswer = z.infer<ReturnType<typeof promptsAnswerSchema>>;
