import type { DirectorModel } from './director-model';
import { FakeDirectorModel } from './fake/fake-model';
import { chooseModel, type ModelChoice } from './model-choice';
import { createGeminiClient } from './gemini/gemini-client';
import type { GeminiEnv } from './gemini/gemini-config';
import { GeminiDirectorModel } from './gemini/gemini-model';

/** The model a worker runs with, which kind it is, and why (safe to log: never holds the key). */
export interface ModelSelection {
  model: DirectorModel;
  kind: ModelChoice['kind'];
  reason: string;
}

/**
 * Builds the worker's model as `chooseModel` decides (see there: Gemini with a key, else `local`;
 * `DIRECTOR_MODEL` forces one), building the Gemini client once, here. Throws what `chooseModel` throws.
 */
export function selectModel(env: GeminiEnv, local: DirectorModel): ModelSelection {
  const choice = chooseModel(env);
  const { kind, reason } = choice;
  switch (choice.kind) {
    case 'fake':
      return { model: new FakeDirectorModel(choice.settings), kind, reason };
    case 'local':
      return { model: local, kind, reason };
    case 'gemini': {
      const { config } = choice;
      return {
        model: new GeminiDirectorModel({ client: createGeminiClient(config), config, local }),
        kind,
        reason,
      };
    }
  }
}
