import { chooseModel } from '../model/model-choice';
import { GEMINI_DEFAULTS, type GeminiEnv } from '../model/gemini/gemini-config';
import type { PricedModels } from './estimate-document';

/**
 * The models an estimate prices: `--model` when given (`gemini` prices Gemini even without a key, with the
 * configured or default model ids), else what a worker with this environment and settings file would run
 * (`chooseModel`: Gemini with a key, else the local model). The fake benchmark model counts as local.
 * Throws what `chooseModel` throws for a bad `DIRECTOR_MODEL`.
 */
export function pricedModels(env: GeminiEnv, configured: string | undefined, flag?: string): PricedModels {
  const gemini = (reason: string): PricedModels => ({
    kind: 'gemini',
    reason,
    textModel: env.GEMINI_TEXT_MODEL?.trim() || GEMINI_DEFAULTS.textModel,
    imageModel: env.GEMINI_IMAGE_MODEL?.trim() || GEMINI_DEFAULTS.imageModel,
  });
  if (flag === 'gemini') return gemini('--model gemini');
  if (flag === 'local') return { kind: 'local', reason: '--model local' };
  const choice = chooseModel({ ...env, DIRECTOR_MODEL: env.DIRECTOR_MODEL ?? configured });
  if (choice.kind === 'gemini') return gemini(choice.reason);
  return { kind: 'local', reason: choice.reason };
}
