/** What `director estimate` prints with `--json`, and what `run` sums up in one line before it starts. */

/** Which models the estimate priced. */
export type PricedModels =
  | { kind: 'local'; reason: string }
  | { kind: 'gemini'; reason: string; textModel: string; imageModel: string };

/** Dollars: the first pass (`low`, also the `expected` value), and the most with every round used. */
export interface DollarRange {
  low: number;
  expected: number;
  high: number;
}

/** The figures of one stage, or of the whole run. */
export interface EstimateFigures {
  /** Model calls in the first pass. */
  calls: number;
  /** Model calls at most, with every regeneration round used. */
  callsAtMost: number;
  /** Input tokens (text and images in) of the first pass. */
  inputTokens: number;
  /** Text and thinking tokens out of the first pass. */
  outputTokens: number;
  /** Images made in the first pass. */
  images: number;
  /** Images made at most. */
  imagesAtMost: number;
  usd: DollarRange;
}

/** A run's estimate, stage by stage. */
export interface RunEstimate {
  director: string;
  models: PricedModels;
  stages: (EstimateFigures & { stage: string })[];
  total: EstimateFigures;
  /** The run's cost cap, for comparison. */
  costCapUsd: number;
  /** What the figures assume, for people. */
  notes: string[];
}
