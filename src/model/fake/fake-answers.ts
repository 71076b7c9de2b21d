import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../../shared/creative';
import type { ProductAnalysis } from '../../shared/product';
import type { PromptRequest } from '../creative-capabilities';
import type { ImageData } from '../creative-model';
import { hash32 } from '../local/random';

const PRODUCT_PALETTE = ['#2f3a4a', '#5a6b82'];
const BACKDROP = '#f3f0ea';
const COMPOSITIONS = ['centered', 'diagonal', 'rule-of-thirds', 'split', 'grid'] as const;

/** The score the fake judge gives every image: above every shipped brand's `minScore`, so nothing regenerates. */
export const FAKE_JUDGE_SCORE = 0.9;

/** A schema-valid product analysis of an image: the product in the middle 40% × 60%, as the fake draws it. */
export function fakeProductAnalysis(image: ImageData): ProductAnalysis {
  const { width, height } = image;
  const left = Math.floor(width * 0.3);
  const top = Math.floor(height * 0.2);
  const bounds = {
    left,
    top,
    width: Math.max(1, Math.min(width - left, Math.round(width * 0.4))),
    height: Math.max(1, Math.min(height - top, Math.round(height * 0.6))),
  };
  return {
    width,
    height,
    palette: [...PRODUCT_PALETTE],
    backgroundColor: BACKDROP,
    backgroundUniformity: 0.95,
    subjectBounds: bounds,
    subjectCoverage: Number(((bounds.width * bounds.height) / (width * height)).toFixed(4)),
    hasAlpha: false,
    description: 'fake model: a striped product on a light backdrop',
  };
}

/** A schema-valid reference analysis of an image (its real size, a fixed look). */
export function fakeReferenceAnalysis(image: ImageData): ReferenceAnalysis {
  const orientation =
    image.width === image.height ? 'square' : image.width > image.height ? 'landscape' : 'portrait';
  return {
    width: image.width,
    height: image.height,
    palette: [BACKDROP, ...PRODUCT_PALETTE],
    brightness: 0.7,
    contrast: 0.3,
    saturation: 0.2,
    warmth: 0.1,
    orientation,
    keywords: ['fake', 'muted'],
    description: 'fake model: a muted, bright reference',
  };
}

/** Exactly `count` schema-valid prompts, indexed 0..count-1, seeded from the mood and the index. */
export function fakePrompts(request: PromptRequest): CreativePrompt[] {
  const palette = request.guide.palette.slice(0, 8);
  return Array.from({ length: request.count }, (_, index) => ({
    index,
    text: `${request.guide.name}, ${request.mood}: fake prompt ${index + 1} of ${request.count}`.slice(
      0,
      4000,
    ),
    palette,
    composition: COMPOSITIONS[index % COMPOSITIONS.length] ?? 'centered',
    seed: hash32(`${request.mood}#${index}`) % 2 ** 31,
  }));
}

/** The fake judge's verdict: always `FAKE_JUDGE_SCORE`. */
export function fakeJudgement(): Judgement {
  return { score: FAKE_JUDGE_SCORE, reasons: ['fake judge: every image passes'] };
}
