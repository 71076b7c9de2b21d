/** Prices of one model on the Gemini API's paid tier (standard, not batch), in US dollars. */
export interface ModelPrice {
  /** The first day (ISO date, UTC) these prices apply. */
  from: string;
  /** Per 1M input tokens (text and images in). */
  inputPerMillion: number;
  /** Per 1M output tokens, text and thinking. */
  outputPerMillion: number;
  /** Per output image at the default 1K size (image models bill image tokens; this is their per-image equivalent). */
  perImage: number;
}

/**
 * The one price table, per model id, each a list of price periods in date order.
 *
 * Sources, read 2026-10-07 (Google's page, as transcribed in api-evangelist/deepmind
 * plans/deepmind-plans-pricing.yml and api-evangelist/gemini plans/gemini-plans-pricing.yml):
 * https://ai.google.dev/gemini-api/docs/pricing —
 * - gemini-3.8-flash: $0.75 in / $3.75 out (incl. thinking) per 1M through 2026-12-31, then $1.50 / $7.50.
 * - gemini-3.5-flash: $1.50 / $9.00.   gemini-3.1-pro-preview: $2.00 / $12.00 (prompts <= 200k tokens).
 * - gemini-3-pro-image: image output $120 per 1M tokens, "equivalent to $0.134 per 1K/2K image" ($0.24 at 4K);
 *   text input $2.00, text output $12.00 (as for its preview, gemini-3-pro-image-preview).
 * - gemini-3.1-flash-image: $0.25 in / $1.50 out / $60 per 1M image tokens (~$0.067 per 1K image), from a
 *   reseller's transcription of the paid tier (xairouter.com/en/models/gemini-3.1-flash-image-preview).
 */
export const PRICE_TABLE: Readonly<Record<string, readonly ModelPrice[]>> = {
  'gemini-3.8-flash': [
    { from: '2026-09-02', inputPerMillion: 0.75, outputPerMillion: 3.75, perImage: 0 },
    { from: '2027-01-01', inputPerMillion: 1.5, outputPerMillion: 7.5, perImage: 0 },
  ],
  'gemini-3.5-flash': [{ from: '2026-05-19', inputPerMillion: 1.5, outputPerMillion: 9, perImage: 0 }],
  'gemini-3.1-pro-preview': [{ from: '2026-02-19', inputPerMillion: 2, outputPerMillion: 12, perImage: 0 }],
  'gemini-3-pro-image': [{ from: '2026-05-28', inputPerMillion: 2, outputPerMillion: 12, perImage: 0.134 }],
  'gemini-3.1-flash-image': [
    { from: '2026-05-28', inputPerMillion: 0.25, outputPerMillion: 1.5, perImage: 0.067 },
  ],
};

/**
 * What a model missing from the table is charged: the table's highest rates (and the 4K Pro image price), so
 * that a cost cap errs on the side of stopping early.
 */
export const UNKNOWN_MODEL_PRICE: ModelPrice = {
  from: '1970-01-01',
  inputPerMillion: 2,
  outputPerMillion: 12,
  perImage: 0.24,
};

/** The amounts a cost is estimated from. */
export interface BillableUsage {
  inputTokens: number;
  outputTokens: number;
  images: number;
}

/**
 * The estimated dollar cost of `usage` on `model` at `at` (default now), and whether the model was in the
 * table (`known: false` means it was priced with `UNKNOWN_MODEL_PRICE`). Never throws.
 */
export function estimateCost(
  model: string,
  usage: BillableUsage,
  at: Date = new Date(),
): { costUsd: number; known: boolean } {
  const periods = lookUpPrices(model);
  const price = periods ? priceAt(periods, at) : UNKNOWN_MODEL_PRICE;
  const cost =
    (usage.inputTokens * price.inputPerMillion) / 1e6 +
    (usage.outputTokens * price.outputPerMillion) / 1e6 +
    usage.images * price.perImage;
  return { costUsd: Math.round(cost * 1e9) / 1e9, known: periods !== undefined };
}

/**
 * The price periods of a model id: exact, without a `models/` prefix, else the longest table id it extends
 * with a suffix (`gemini-3-pro-image-001` is priced as `gemini-3-pro-image`); undefined when none fits.
 */
export function lookUpPrices(model: string): readonly ModelPrice[] | undefined {
  const id = model.replace(/^models\//, '');
  const exact = PRICE_TABLE[id];
  if (exact) return exact;
  const base = Object.keys(PRICE_TABLE)
    .filter((key) => id.startsWith(`${key}-`))
    .sort((a, b) => b.length - a.length)[0];
  return base === undefined ? undefined : PRICE_TABLE[base];
}

function priceAt(periods: readonly ModelPrice[], at: Date): ModelPrice {
  const day = at.toISOString().slice(0, 10);
  // Before a model's first listed day its first prices apply: better than treating it as unknown.
  return periods.filter((period) => period.from <= day).at(-1) ?? periods[0] ?? UNKNOWN_MODEL_PRICE;
}
