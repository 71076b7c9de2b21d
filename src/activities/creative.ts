import type { BlobRef } from '../shared/blob';
import { blobKeys } from '../shared/blob-keys';
import type { BrandGuide } from '../shared/brand-guide';
import { creativePromptSchema, judgementSchema, referenceAnalysisSchema } from '../shared/creative';
import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../shared/creative';
import type { ImageSource } from '../shared/ecommerce';
import { nonRetryable } from '../shared/failures';
import { answerInvalid, issuesOf } from '../model/gemini/gemini-answers';
import { MemoStore } from '../storage/memo-store';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';
import { readSource } from './intake';
import { loadImage } from './model';

/** Bump when the analysis or judging prompts change, so memoised answers of the old version are not reused. */
export const PROMPT_VERSION = 'v1';

/** Builds the Creative Director's activities. */
export function createCreativeActivities(deps: ActivityDeps) {
  const { model, blobs, memo, brands } = deps;
  return {
    /**
     * Checks and stores one reference image, then analyses it — memoised by (content hash, model, prompt
     * version), so a reference seen before (in any run, before a restart too) costs nothing. Compensated
     * by `deleteBlobs` of the stored reference.
     */
    async analyzeReference(input: {
      runKey: string;
      source: ImageSource;
      index: number;
    }): Promise<{ image: BlobRef; analysis: ReferenceAnalysis; cached: boolean }> {
      const data = await readSource(deps, input.source);
      const image = await blobs.put(blobKeys.intake(input.runKey, `reference-${input.index}`), data);
      const key = MemoStore.key('analyzeReference', image.sha256, model.id, PROMPT_VERSION);
      const remembered = referenceAnalysisSchema.safeParse(await memo.get(key));
      if (remembered.success) return { image, analysis: remembered.data, cached: true };
      const analysis = await withHeartbeat((signal) => model.analyzeReference(data, signal));
      await memo.set(key, analysis);
      return { image, analysis, cached: false };
    },

    /** Loads a brand guide (cached in the worker). Throws `InvalidInput` listing known brands. */
    async loadBrandGuide(input: { brand: string }): Promise<{ guide: BrandGuide }> {
      return { guide: await brands.get(input.brand) };
    },

    /** Writes exactly `count` prompts; never trusts the model's count. Writes nothing. */
    async writePrompts(input: {
      analyses: ReferenceAnalysis[];
      guide: BrandGuide;
      mood: string;
      count: number;
    }): Promise<{ prompts: CreativePrompt[] }> {
      const prompts = await withHeartbeat((signal) => model.writePrompts(input, signal));
      const parsed = creativePromptSchema.array().length(input.count).safeParse(prompts);
      if (!parsed.success) {
        throw nonRetryable(
          'ModelBadRequest',
          `the model wrote ${prompts.length} prompts, ${input.count} were asked for`,
        );
      }
      return { prompts: parsed.data };
    },

    /** Generates one image for a prompt and round. Idempotent (keyed by run, index, round); compensated by `deleteBlobs`. */
    async generateImage(input: {
      runKey: string;
      prompt: CreativePrompt;
      round: number;
      width: number;
      height: number;
    }): Promise<{ image: BlobRef; seed: number }> {
      const { prompt, round } = input;
      const seed = reseed(prompt.seed, round);
      const request = { prompt: { ...prompt, seed }, width: input.width, height: input.height };
      const data = await withHeartbeat((signal) => model.generateImage(request, signal));
      // The seed drawn is returned so that "the same image" (review, stage cache) is well defined.
      const image = await blobs.put(blobKeys.generated(input.runKey, prompt.index, round), data);
      return { image, seed };
    },

    /** Judges an image against its prompt and the brand; memoised by (image hash, prompt, model, version). */
    async judgeImage(input: {
      image: BlobRef;
      prompt: CreativePrompt;
      guide: BrandGuide;
    }): Promise<{ judgement: Judgement; cached: boolean }> {
      const key = MemoStore.key(
        'judgeImage',
        input.image.sha256,
        input.prompt.text,
        input.guide.id,
        model.id,
        PROMPT_VERSION,
      );
      const remembered = judgementSchema.safeParse(await memo.get(key));
      if (remembered.success) return { judgement: remembered.data, cached: true };
      const image = await loadImage(blobs, input.image);
      const answer = await withHeartbeat((signal) => model.judgeImage({ ...input, image }, signal));
      // Never trust a model's answer: one that does not fit is a typed, retried failure, not a ZodError.
      const checked = judgementSchema.safeParse(answer);
      if (!checked.success) {
        throw answerInvalid('the judgement does not fit its schema', model.id, issuesOf(checked.error));
      }
      const judgement = checked.data;
      await memo.set(key, judgement);
      return { judgement, cached: false };
    },
  };
}

/** The seed a round draws: a regeneration round must not draw the same image again. */
export function reseed(seed: number, round: number): number {
  return round === 0 ? seed : (seed + round * 7919) % 2 ** 31;
}
