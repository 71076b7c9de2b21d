import { estimateCost } from '../model/gemini/price-table';
import type { StagePlan } from './director-plans';
import type { EstimateFigures, PricedModels, RunEstimate } from './estimate-document';
import type { PlannedCall } from './planned-call';
import { imageInputTokens, textTokens } from './token-rules';

/** One call's price with its answer at the expected size, and at its bounds. */
function priceOne(call: PlannedCall, models: PricedModels, at: Date) {
  const model = models.kind === 'local' ? '' : call.model === 'text' ? models.textModel : models.imageModel;
  const inputTokens = textTokens(call.promptChars) + call.imagesIn * imageInputTokens(model);
  if (models.kind === 'local') return { inputTokens, expected: 0, atMost: 0 };
  const price = (outputTokens: number) =>
    estimateCost(model, { inputTokens, outputTokens, images: call.imagesOut }, at).costUsd;
  return { inputTokens, expected: price(call.answerTokens), atMost: price(call.answerTokensAtMost) };
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

function figuresOf(calls: readonly PlannedCall[], models: PricedModels, at: Date): EstimateFigures {
  const sum: EstimateFigures = {
    calls: 0,
    callsAtMost: 0,
    inputTokens: 0,
    outputTokens: 0,
    images: 0,
    imagesAtMost: 0,
    usd: { low: 0, expected: 0, high: 0 },
  };
  for (const call of calls) {
    const one = priceOne(call, models, at);
    const most = call.count + call.extraAtMost;
    sum.calls += call.count;
    sum.callsAtMost += most;
    sum.inputTokens += call.count * one.inputTokens;
    sum.outputTokens += call.count * call.answerTokens;
    sum.images += call.count * call.imagesOut;
    sum.imagesAtMost += most * call.imagesOut;
    sum.usd.low += call.count * one.expected;
    sum.usd.expected += call.count * one.expected;
    sum.usd.high += most * one.atMost;
  }
  sum.usd = { low: round(sum.usd.low), expected: round(sum.usd.expected), high: round(sum.usd.high) };
  return sum;
}

/**
 * Prices a Director's plan with the price table (`estimateCost`) for the models that would answer: every
 * figure per stage and in total. On the local model every call is counted and costs nothing. Pure.
 */
export function priceRun(
  director: string,
  plan: readonly StagePlan[],
  models: PricedModels,
  costCapUsd: number,
  at: Date = new Date(),
): RunEstimate {
  const stages = plan.map((stage) => ({ stage: stage.stage, ...figuresOf(stage.calls, models, at) }));
  const total = figuresOf(
    plan.flatMap((stage) => stage.calls),
    models,
    at,
  );
  const notes =
    models.kind === 'local'
      ? [`local model (${models.reason}): calls are counted, none is charged`]
      : [
          `priced for ${models.textModel} (text) and ${models.imageModel} (images): ${models.reason}`,
          'low = every image passes the first time (the expected value); high = every regeneration round used, answers at their longest',
          'tokens: text at 4 characters a token, input images at Gemini’s documented rate; thinking estimated',
        ];
  return { director, models, stages, total, costCapUsd, notes };
}
