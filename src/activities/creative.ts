import type { BlobRef } from '../shared/blob';
import { blobKeys } from '../shared/blob-keys';
import type { BrandGuide } from '../shared/brand-guide';
import { creativePromptSchema, judgementSchema, referenceAnalysisSchema } from '../shared/creative';
import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../shared/creative';
import type { ImageSource } from '../shared/ecommerce';
import { nonRetryable } from '../shared/failures';
import { answerInvalid, issuesOf } from '../model/gemini/gemini-answers';
import type { StageCacheUse } from '../shared/stage-cache';
import { MemoStore } from '../storage/memo-store';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';
import { readSource } from './intake';
import { loadImage } from './model';
import {
  cacheFor,
  imageKey,
  promptsKey,
  recallImage,
  recallPrompts,
  rememberImage,
  rememberPrompts,
} from './stage-reuse';

/** Bump when the analysis or judging prompts change, so memoised answers of the old version are not reused. */
export const PROMPT_VERSION = 'v1';

/** Builds the Creative Director's activities. */
export function createCreativeActivities(deps: ActivityDeps) {
  const { model, blobs, memo, brands, stageCache } = deps;
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

    /**
     * Writes exactly `count` prompts; never trusts the model's count. Writes nothing of the run's. With
     * `cache`, prompts written for the same analyses, guide, mood, count and model are reused (`reused`)
     * when `cache.read`, and what was paid for is cached.
     */
    async writePrompts(input: {
      analyses: ReferenceAnalysis[];
      guide: BrandGuide;
      mood: string;
      count: number;
      cache?: StageCacheUse;
    }): Promise<{ prompts: CreativePrompt[]; reused?: boolean }> {
      const { cache: use, ...request } = input;
      const cached = cacheFor(stageCache, use);
      const key = cached ? promptsKey(model, request) : undefined;
      if (cached?.read && key) {
        const remembered = await recallPrompts(cached.cache, key, request.count);
        if (remembered) return { prompts: remembered, reused: true };
      }
      const prompts = await withHeartbeat((signal) => model.writePrompts(request, signal));
      const parsed = creativePromptSchema.array().length(request.count).safeParse(prompts);
      if (!parsed.success) {
        throw nonRetryable(
          'ModelBadRequest',
          `the model wrote ${prompts.length} prompts, ${request.count} were asked for`,
        );
      }
      if (cached && key) await rememberPrompts(cached.cache, key, parsed.data);
      return { prompts: parsed.data, ...(cached ? { reused: false } : {}) };
    },

    /**
     * Generates one image for a prompt and round. Idempotent (keyed by run, index, round); compensated by
     * `deleteBlobs`. With `cache`, an image generated before for the same prompt, seed, round, size and
     * model is copied into this run's key instead (`reused`) when `cache.read`, and a new one is cached.
     */
    async generateImage(input: {
      runKey: string;
      prompt: CreativePrompt;
      round: number;
      width: number;
      height: number;
      cache?: StageCacheUse;
    }): Promise<{ image: BlobRef; seed: number; reused?: boolean }> {
      const { prompt, round, width, height } = input;
      const seed = reseed(prompt.seed, round);
      const runKey = blobKeys.generated(input.runKey, prompt.index, round);
      const cached = cacheFor(stageCache, input.cache);
      const key = cached ? imageKey(model, { prompt, seed, round, width, height }) : undefined;
      if (cached?.read && key) {
        // A copy under the run's own key: the run's undo and cleanup delete it, never the cached bytes.
        const remembered = await recallImage(cached.cache, key);
        if (remembered) return { image: await blobs.put(runKey, remembered), seed, reused: true };
      }
      const request = { prompt: { ...prompt, seed }, width, height };
      const data = await withHeartbeat((signal) => model.generateImage(request, signal));
      // The seed drawn is returned so that "the same image" (review, stage cache) is well defined.
      const image = await blobs.put(runKey, data);
      if (cached && key) await rememberImage(cached.cache, key, data);
      return { image, seed, ...(cached ? { reused: false } : {}) };
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
