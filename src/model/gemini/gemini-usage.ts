import { genai, type GenerateContentResponse } from './genai';
import type { Usage } from '../../shared/usage';
import { imageParts } from './gemini-answers';
import { estimateCost, lookUpPrices } from './price-table';

/** Output tokens of one 1K/2K image: the per-image price is this many image tokens' worth. */
const IMAGE_TOKENS_PER_IMAGE = 1120;

/**
 * One response's usage from its `usageMetadata`: prompt (and tool) tokens in; text and thinking tokens out,
 * image tokens excluded because images are priced per image; every image part returned; the cost from the
 * price table for the model that answered (`modelVersion`), or the requested one when that is not in the
 * table; an image withheld after it was made is priced from its reported image tokens. Never throws;
 * missing counts are zero.
 */
export function usageOfResponse(
  requestedModel: string,
  response: GenerateContentResponse,
  at: Date = new Date(),
): Usage {
  const meta = response.usageMetadata;
  const images = imageParts(response).length;
  const details = meta?.candidatesTokensDetails;
  const candidates = meta?.candidatesTokenCount ?? 0;
  // Without a per-modality breakdown, an image answer's candidate tokens are taken to be the image's own.
  const imageTokens = details
    ? details
        .filter((d) => d.modality === genai.MediaModality.IMAGE)
        .reduce((sum, d) => sum + (d.tokenCount ?? 0), 0)
    : images > 0
      ? candidates
      : 0;
  const inputTokens = (meta?.promptTokenCount ?? 0) + (meta?.toolUsePromptTokenCount ?? 0);
  const outputTokens = Math.max(0, candidates - imageTokens) + (meta?.thoughtsTokenCount ?? 0);
  const answered = response.modelVersion ?? requestedModel;
  const priced = lookUpPrices(answered) ? answered : requestedModel;
  // An image made and then withheld (IMAGE_SAFETY) is billed for the image tokens reported all the same.
  const withheld = images === 0 && imageTokens > 0 ? imageTokens / IMAGE_TOKENS_PER_IMAGE : 0;
  const billed = { inputTokens, outputTokens, images: images + withheld };
  const { costUsd, known } = estimateCost(priced, billed, at);
  return {
    calls: 1,
    inputTokens,
    outputTokens,
    images,
    costUsd,
    models: [answered],
    ...(known ? {} : { unpricedModels: [priced] }),
  };
}
