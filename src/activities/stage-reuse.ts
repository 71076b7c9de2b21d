import type { ImageData } from '../model/creative-model';
import type { BrandGuide } from '../shared/brand-guide';
import { creativePromptSchema, type CreativePrompt, type ReferenceAnalysis } from '../shared/creative';
import type { StageCacheUse } from '../shared/stage-cache';
import type { StageCache } from '../storage/stage-cache';
import { stageKey } from '../storage/stage-key';

/**
 * Code versions of the cached stages: bump one when its activity would answer the same inputs differently
 * (another instruction, another way of drawing), so entries of the old code are no longer reused.
 */
export const STAGE_VERSIONS = { 'prompt-writing': 'v1', 'image-generation': 'v1' } as const;

type Model = { id: string; version?: string | undefined };

/** The cache to use for one call: none when the worker has none or the workflow asked for none. */
export function cacheFor(cache: StageCache | undefined, use: StageCacheUse | undefined) {
  return cache && use ? { cache, read: use.read } : undefined;
}

/** The key of a prompt-writing call: every analysis, the whole brand guide, the mood, the count, the model. */
export function promptsKey(
  model: Model,
  request: { analyses: ReferenceAnalysis[]; guide: BrandGuide; mood: string; count: number },
): string {
  const stage = 'prompt-writing';
  return stageKey({ stage, version: STAGE_VERSIONS[stage], model: modelOf(model), inputs: request });
}

/**
 * The key of one generated image: what the generator is given (prompt text, palette, composition, the seed
 * drawn for the round, size) and the model. The prompt's index is left out: the same prompt at another
 * place in a batch is the same image.
 */
export function imageKey(
  model: Model,
  request: { prompt: CreativePrompt; seed: number; round: number; width: number; height: number },
): string {
  const { prompt, seed, round, width, height } = request;
  const stage = 'image-generation';
  const inputs = {
    text: prompt.text,
    palette: prompt.palette,
    composition: prompt.composition,
    seed,
    round,
    width,
    height,
  };
  return stageKey({ stage, version: STAGE_VERSIONS[stage], model: modelOf(model), inputs });
}

/** Cached prompts for a key, checked against the schema and the count; undefined on a miss. */
export async function recallPrompts(
  cache: StageCache,
  key: string,
  count: number,
): Promise<CreativePrompt[] | undefined> {
  const parsed = creativePromptSchema
    .array()
    .length(count)
    .safeParse(await cache.get(key));
  return parsed.success ? parsed.data : undefined;
}

/** Caches written prompts. */
export function rememberPrompts(cache: StageCache, key: string, prompts: CreativePrompt[]): Promise<void> {
  return cache.set(key, 'prompt-writing', prompts);
}

/** A cached image for a key (its bytes checked), or undefined. */
export function recallImage(cache: StageCache, key: string): Promise<ImageData | undefined> {
  return cache.getImage(key);
}

/** Caches a generated image (bytes content-addressed, apart from any run's keys). */
export function rememberImage(cache: StageCache, key: string, image: ImageData): Promise<void> {
  return cache.setImage(key, 'image-generation', image);
}

function modelOf(model: Model): Model {
  return { id: model.id, ...(model.version === undefined ? {} : { version: model.version }) };
}
