import { drawReferences } from './drawn-images';
import type { CreativeInput } from '../../src/shared/creative-input';

/** A small Creative Director input whose mood is a phrase found nowhere else. */
export async function creativeInput(mood: string): Promise<CreativeInput> {
  return {
    referenceImages: await drawReferences(1),
    brand: 'linn-atelier',
    mood,
    batchCount: 1,
    size: 256,
    validation: { maxRounds: 0, minScore: 0 },
  };
}
