import sharp from 'sharp';
import { drawSampleProduct } from '../../src/samples/sample-product';
import {
  blockedPromptReply,
  imageReply,
  jsonReply,
  rateLimitedReply,
  type RecordedRequest,
  type Reply,
} from './fake-gemini-server';

/** Which model call a request is, read from what the client sent. */
export type CallKind = 'product-analysis' | 'reference-analysis' | 'prompts' | 'judge' | 'image';

/** Classifies a recorded request by its response schema or modalities. */
export function callKind(request: RecordedRequest): CallKind {
  const config = request.body.generationConfig;
  if (config?.responseModalities?.includes('IMAGE')) return 'image';
  const properties = Object.keys((config?.responseJsonSchema?.properties as Record<string, unknown>) ?? {});
  if (properties.includes('subjectBox')) return 'product-analysis';
  if (properties.includes('brightness')) return 'reference-analysis';
  if (properties.includes('prompts')) return 'prompts';
  return 'judge';
}

function promptText(request: RecordedRequest): string {
  return (request.body.contents ?? [])
    .flatMap((c) => c.parts ?? [])
    .map((p) => p.text ?? '')
    .join(' ');
}

/**
 * A scripted studio behind the fake Gemini server: plausible answers for every call the Directors make.
 * Image prompts containing a word in `blocked` are refused as unsafe; those containing a word in
 * `rateLimitedOnce` get one 429 (with RetryInfo) before they are served.
 */
export async function geminiStudio(options: { blocked?: string[]; rateLimitedOnce?: string[] } = {}) {
  const product = await drawSampleProduct('tote');
  const picture = await sharp({
    create: { width: 768, height: 960, channels: 3, background: '#d8c3a5' },
  })
    .composite([
      {
        input: Buffer.from(
          '<svg width="768" height="960"><circle cx="384" cy="420" r="220" fill="#8e5b3a"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
  const limited = new Set<string>();
  return (request: RecordedRequest): Reply => {
    switch (callKind(request)) {
      case 'product-analysis':
        return jsonReply({
          palette: ['#a0522d', '#f0e6d2'],
          backgroundColor: '#f5f3ee',
          backgroundUniformity: 0.9,
          subjectBox: { left: 0.2, top: 0.12, width: 0.6, height: 0.72 },
          description: 'A terracotta leather tote with contrast stitching.',
        });
      case 'reference-analysis':
        return jsonReply({
          palette: ['#d8c3a5', '#8e5b3a'],
          brightness: 0.62,
          contrast: 0.4,
          saturation: 0.35,
          warmth: 0.4,
          keywords: ['warm', 'soft'],
          description: 'Warm, soft morning light on natural fabrics.',
        });
      case 'prompts': {
        const schema = request.body.generationConfig?.responseJsonSchema as {
          properties: { prompts: { minItems: number } };
        };
        const count = schema.properties.prompts.minItems;
        const prompts = Array.from({ length: count }, (_, i) => ({
          text: `look-${i}: a linen coat in morning light, calm studio set`,
          palette: ['#efe7dc', '#c8b29a'],
          composition: 'centered',
        }));
        return jsonReply({ prompts });
      }
      case 'judge':
        return jsonReply({ score: 0.82, reasons: ['on brand'] });
      case 'image': {
        const text = promptText(request);
        if (options.blocked?.some((word) => text.includes(word))) return blockedPromptReply('SAFETY');
        const once = options.rateLimitedOnce?.find((word) => text.includes(word));
        if (once && !limited.has(once)) {
          limited.add(once);
          return rateLimitedReply('1s');
        }
        // Compositions and product shots look like a product on a backdrop; other images like a picture.
        return imageReply(/product|tote|composit/i.test(text) ? product : picture);
      }
    }
  };
}
