/** One kind of model call a stage makes, how many times, and what each sends and gets back. */
export interface PlannedCall {
  /** The activity that makes the call (as the cost meter names it), e.g. `generateImage`. */
  activity: string;
  /** Which model answers: the text model (JSON answers) or the image model (one image out). */
  model: 'text' | 'image';
  /** Calls in the first pass: every stage runs once, every image passes. */
  count: number;
  /** Further calls at most, when every image is regenerated and judged again for every round allowed. */
  extraAtMost: number;
  /** Characters of text in the request (the instruction, as `gemini-prompts.ts` writes it). */
  promptChars: number;
  /** Images in the request. */
  imagesIn: number;
  /** Text tokens expected back: the answer's usual size plus the model's thinking. */
  answerTokens: number;
  /** Text tokens back at most: the answer at its schema's bounds plus the thinking. */
  answerTokensAtMost: number;
  /** Images back (1 for an image call). */
  imagesOut: number;
}
