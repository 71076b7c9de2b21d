import { describeFakeSettings, fakeSettingsFromEnv } from './fake/fake-config';
import type { FakeModelSettings } from './fake/fake-model';
import {
  loadGeminiConfig,
  readGeminiApiKey,
  type GeminiConfig,
  type GeminiEnv,
} from './gemini/gemini-config';

/**
 * Which model a worker started with an environment would run, why (safe to print: never holds the key),
 * and the settings to build it with. Deciding builds nothing, so `director config` can show the choice
 * without loading sharp or the Gemini SDK.
 */
export type ModelChoice =
  | { kind: 'local'; reason: string }
  | { kind: 'fake'; reason: string; settings: FakeModelSettings }
  | { kind: 'gemini'; reason: string; config: GeminiConfig };

/**
 * Chooses the worker's model: Gemini when `GEMINI_API_KEY` or `GOOGLE_API_KEY` is set, the local model
 * otherwise; `DIRECTOR_MODEL=local|gemini` forces one, and `DIRECTOR_MODEL=fake` runs the fake model (no
 * work, configured latencies and rate limit: see `fakeSettingsFromEnv`). Throws an `Error` naming the
 * variables for `DIRECTOR_MODEL=gemini` without a key, an unknown `DIRECTOR_MODEL`, or an invalid Gemini
 * or fake-model setting.
 */
export function chooseModel(env: GeminiEnv): ModelChoice {
  const forced = env.DIRECTOR_MODEL?.trim() || undefined;
  if (forced !== undefined && forced !== 'local' && forced !== 'gemini' && forced !== 'fake') {
    throw new Error(
      `DIRECTOR_MODEL must be "local" or "gemini" (or "fake", for benchmarks), got ${JSON.stringify(forced)}`,
    );
  }
  if (forced === 'fake') {
    const settings = fakeSettingsFromEnv(env);
    return { kind: 'fake', reason: `DIRECTOR_MODEL=fake: ${describeFakeSettings(settings)}`, settings };
  }
  if (forced === 'local') return { kind: 'local', reason: 'DIRECTOR_MODEL=local' };
  const hasKey = readGeminiApiKey(env) !== undefined;
  if (forced === 'gemini' && !hasKey) {
    throw new Error(
      'DIRECTOR_MODEL=gemini needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY) in the worker environment',
    );
  }
  if (!hasKey) return { kind: 'local', reason: 'no GEMINI_API_KEY or GOOGLE_API_KEY set' };
  const config = loadGeminiConfig(env);
  const why =
    forced === 'gemini'
      ? 'DIRECTOR_MODEL=gemini'
      : `${env.GOOGLE_API_KEY?.trim() ? 'GOOGLE_API_KEY' : 'GEMINI_API_KEY'} is set`;
  return {
    kind: 'gemini',
    reason: `${why}: ${config.textModel} for text, ${config.imageModel} for images`,
    config,
  };
}
