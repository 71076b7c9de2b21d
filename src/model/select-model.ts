import type { DirectorModel } from './director-model';
import { describeFakeSettings, fakeSettingsFromEnv } from './fake/fake-config';
import { FakeDirectorModel } from './fake/fake-model';
import { createGeminiClient } from './gemini/gemini-client';
import { loadGeminiConfig, readGeminiApiKey, type GeminiEnv } from './gemini/gemini-config';
import { GeminiDirectorModel } from './gemini/gemini-model';

/** The model a worker runs with, which kind it is, and why (safe to log: never holds the key). */
export interface ModelSelection {
  model: DirectorModel;
  kind: 'local' | 'gemini' | 'fake';
  reason: string;
}

/**
 * Chooses the worker's model: Gemini when `GEMINI_API_KEY` or `GOOGLE_API_KEY` is set, the local model
 * otherwise; `DIRECTOR_MODEL=local|gemini` forces one, and `DIRECTOR_MODEL=fake` runs the fake model (no
 * work, configured latencies and rate limit: see `fakeSettingsFromEnv`). Builds the Gemini client once,
 * here. Throws an `Error` naming the variables for `DIRECTOR_MODEL=gemini` without a key, an unknown
 * `DIRECTOR_MODEL`, or an invalid Gemini or fake-model setting.
 */
export function selectModel(env: GeminiEnv, local: DirectorModel): ModelSelection {
  const forced = env.DIRECTOR_MODEL?.trim() || undefined;
  if (forced !== undefined && forced !== 'local' && forced !== 'gemini' && forced !== 'fake') {
    throw new Error(
      `DIRECTOR_MODEL must be "local" or "gemini" (or "fake", for benchmarks), got ${JSON.stringify(forced)}`,
    );
  }
  if (forced === 'fake') {
    const settings = fakeSettingsFromEnv(env);
    const reason = `DIRECTOR_MODEL=fake: ${describeFakeSettings(settings)}`;
    return { model: new FakeDirectorModel(settings), kind: 'fake', reason };
  }
  if (forced === 'local') return { model: local, kind: 'local', reason: 'DIRECTOR_MODEL=local' };
  const hasKey = readGeminiApiKey(env) !== undefined;
  if (forced === 'gemini' && !hasKey) {
    throw new Error(
      'DIRECTOR_MODEL=gemini needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY) in the worker environment',
    );
  }
  if (!hasKey) return { model: local, kind: 'local', reason: 'no GEMINI_API_KEY or GOOGLE_API_KEY set' };
  const config = loadGeminiConfig(env);
  const model = new GeminiDirectorModel({ client: createGeminiClient(config), config, local });
  const why =
    forced === 'gemini'
      ? 'DIRECTOR_MODEL=gemini'
      : `${env.GOOGLE_API_KEY?.trim() ? 'GOOGLE_API_KEY' : 'GEMINI_API_KEY'} is set`;
  return {
    model,
    kind: 'gemini',
    reason: `${why}: ${config.textModel} for text, ${config.imageModel} for images`,
  };
}
