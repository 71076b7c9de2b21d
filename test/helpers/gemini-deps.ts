import assert from 'node:assert/strict';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { selectModel } from '../../src/model/select-model';
import type { FakeGeminiServer } from './fake-gemini-server';
import { tempDeps } from './temp-deps';

/**
 * Real dependencies over fresh temp folders whose model is the Gemini provider, selected as a worker selects
 * it (a key set, `DIRECTOR_MODEL=gemini`), talking to `server` through the real @google/genai client.
 */
export async function geminiDeps(key: string, server: FakeGeminiServer): ReturnType<typeof tempDeps> {
  const deps = await tempDeps();
  const env = { GEMINI_API_KEY: key, GOOGLE_GEMINI_BASE_URL: server.baseUrl, DIRECTOR_MODEL: 'gemini' };
  const selection = selectModel(env, new LocalDirectorModel());
  assert.equal(selection.kind, 'gemini');
  return { ...deps, model: selection.model };
}
