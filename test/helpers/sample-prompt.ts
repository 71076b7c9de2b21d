import type { CreativePrompt } from '../../src/shared/creative';

/** A prompt as the prompt-writing stage would write it, for tests that call one activity. */
export const SAMPLE_PROMPT: CreativePrompt = {
  index: 0,
  text: 'a linen dress',
  palette: ['#c0a080'],
  composition: 'centered',
  seed: 1,
};
