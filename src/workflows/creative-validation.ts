import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { BlobRef } from '../shared/blob';
import { blobKeys } from '../shared/blob-keys';
import type { BrandGuide } from '../shared/brand-guide';
import type { CreativePrompt } from '../shared/creative';
import type { creativeInputSchema } from '../shared/creative-input';
import type { z } from 'zod';
import { nonRetryable } from '../shared/failures';
import type { StageCacheUse, StageReuse } from '../shared/stage-cache';
import { cacheArg } from './creative-stages';
import type { DirectorRun, Undo } from './engine/director-run';
import { fanOut, type ItemOutcome } from './engine/fan-out';

/** One prompt's image as validation sees it. */
export interface Candidate {
  prompt: CreativePrompt;
  image: BlobRef;
  score: number;
  reasons: string[];
  /** Regeneration rounds it took (0: the first image passed). */
  rounds: number;
  /** The seed its image was generated with (absent in runs recorded before generation returned it). */
  seed?: number;
  passed: boolean;
}

/** Everything a validation pass needs from its Director. */
export interface ValidationContext {
  run: DirectorRun;
  runKey: string;
  prompts: CreativePrompt[];
  generated: ItemOutcome<{ image: BlobRef; seed?: number }>[];
  guide: BrandGuide;
  width: number;
  height: number;
  input: z.output<typeof creativeInputSchema>;
  deleteBlobs: (...keys: string[]) => Undo;
  judge: Pick<ActivityInterfaceFor<Activities>, 'judgeImage'>;
  generate: Pick<ActivityInterfaceFor<Activities>, 'generateImage'>;
  /** The run's use of the stage cache (regenerated images too); absent for runs recorded before it. */
  cache?: StageCacheUse | undefined;
}

/**
 * Judges every generated image, regenerates the ones below the score for at most `maxRounds` rounds, and
 * throws `QualityRejected` when fewer than `minPassing` pass. Prompts whose generation failed count as
 * not passed. Returns every candidate with its final score, the score it had to reach, and how many of its
 * judgements and regenerations were earlier results (memo or stage cache).
 */
export async function validateBatch(
  ctx: ValidationContext,
): Promise<{ candidates: Candidate[]; minScore: number; reused: StageReuse }> {
  const { run, input, guide } = ctx;
  const minScore = input.validation.minScore ?? guide.minScore;
  const minPassing = input.validation.minPassing ?? Math.ceil(input.batchCount / 2);
  const candidates: Candidate[] = [];
  const failedToGenerate: string[] = [];
  for (const outcome of ctx.generated) {
    const prompt = ctx.prompts[outcome.index] as CreativePrompt;
    if (outcome.status === 'fulfilled') {
      candidates.push({
        prompt,
        image: outcome.value.image,
        ...(outcome.value.seed === undefined ? {} : { seed: outcome.value.seed }),
        score: 0,
        reasons: [],
        rounds: 0,
        passed: false,
      });
    } else if (outcome.status === 'rejected') {
      failedToGenerate.push(`#${outcome.index}: ${outcome.error.type}`);
    }
  }

  let toJudge = [...candidates];
  const reused: StageReuse = { items: 0, of: 0 };
  for (let round = 0; ; round += 1) {
    reused.items += await judgeAll(ctx, toJudge, minScore, round);
    reused.of += toJudge.length;
    const failing = candidates.filter((c) => !c.passed);
    run.items('validation', candidates.length - failing.length, candidates.length, failing.length);
    if (failing.length === 0 || round >= input.validation.maxRounds) break;
    toJudge = await regenerate(ctx, failing, round + 1, reused);
  }

  const passed = candidates.filter((c) => c.passed).length;
  if (passed < minPassing) {
    const lost = failedToGenerate.length > 0 ? `; not generated: ${failedToGenerate.join(', ')}` : '';
    throw nonRetryable(
      'QualityRejected',
      `${passed} of ${input.batchCount} images passed (score ≥ ${minScore}) after ${input.validation.maxRounds} regeneration rounds; ${minPassing} needed${lost}`,
      { scores: candidates.map((c) => ({ index: c.prompt.index, score: c.score })) },
    );
  }
  return { candidates, minScore, reused };
}

async function judgeAll(
  ctx: ValidationContext,
  candidates: Candidate[],
  minScore: number,
  round: number,
): Promise<number> {
  const outcomes = await fanOut({
    items: candidates,
    concurrency: ctx.input.concurrency,
    run: ({ image, prompt }) =>
      ctx.judge.judgeImage.executeWithOptions({ summary: `judgeImage #${prompt.index} (round ${round})` }, [
        { image, prompt, guide: ctx.guide },
      ]),
  });
  outcomes.forEach((outcome, i) => {
    const candidate = candidates[i] as Candidate;
    if (outcome.status === 'fulfilled') {
      candidate.score = outcome.value.judgement.score;
      candidate.reasons = outcome.value.judgement.reasons;
    } else {
      candidate.score = 0;
      candidate.reasons = [
        outcome.status === 'rejected' ? `judging failed: ${outcome.error.message}` : 'judging cancelled',
      ];
    }
    candidate.passed = candidate.score >= minScore;
  });
  return outcomes.filter((o) => o.status === 'fulfilled' && o.value.cached).length;
}

/**
 * Regenerates failing candidates with a new seed; returns those that got a new image (to judge again) and
 * adds the regenerations taken from the stage cache to `reused`.
 */
async function regenerate(
  ctx: ValidationContext,
  failing: Candidate[],
  round: number,
  reused: StageReuse,
): Promise<Candidate[]> {
  const { runKey, width, height } = ctx;
  const outcomes = await fanOut({
    items: failing,
    concurrency: ctx.input.concurrency,
    run: (candidate) => {
      ctx.run.registerUndo(ctx.deleteBlobs(blobKeys.generated(runKey, candidate.prompt.index, round)));
      const summary = `generateImage #${candidate.prompt.index} (round ${round})`;
      return ctx.generate.generateImage.executeWithOptions({ summary }, [
        { runKey, prompt: candidate.prompt, round, width, height, ...cacheArg(ctx.cache) },
      ]);
    },
  });
  const renewed: Candidate[] = [];
  reused.of += failing.length;
  outcomes.forEach((outcome, i) => {
    const candidate = failing[i] as Candidate;
    if (outcome.status !== 'fulfilled') return; // keeps its last image and score
    if (outcome.value.reused) reused.items += 1;
    candidate.image = outcome.value.image;
    candidate.seed = outcome.value.seed;
    candidate.rounds = round;
    renewed.push(candidate);
  });
  return renewed;
}
