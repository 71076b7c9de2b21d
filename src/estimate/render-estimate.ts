import type { DollarRange, EstimateFigures, RunEstimate } from './estimate-document';

const dollars = (usd: number) => `$${usd.toFixed(usd > 0 && usd < 0.01 ? 4 : 2)}`;
const range = (low: number, high: number) => (low === high ? String(low) : `${low}–${high}`);
const dollarRange = (usd: DollarRange) =>
  usd.low === usd.high ? dollars(usd.low) : `${dollars(usd.low)}–${dollars(usd.high)}`;

function row(name: string, figures: EstimateFigures): string[] {
  return [
    name,
    range(figures.calls, figures.callsAtMost),
    String(figures.inputTokens),
    String(figures.outputTokens),
    range(figures.images, figures.imagesAtMost),
    dollarRange(figures.usd),
  ];
}

/**
 * The estimate as a table for people: one row per stage that calls a model (calls, tokens in and out,
 * images, dollars low–high), the total, then what it assumes and how it compares to the cost cap.
 */
export function renderEstimate(estimate: RunEstimate): string[] {
  const header = ['stage', 'calls', 'tokens in', 'tokens out', 'images', 'dollars'];
  const rows = [
    header,
    ...estimate.stages.filter((s) => s.callsAtMost > 0).map((s) => row(s.stage, s)),
    row('total', estimate.total),
  ];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
  const { total, costCapUsd } = estimate;
  const cap =
    total.usd.high <= costCapUsd
      ? `within the cost cap of ${dollars(costCapUsd)} even at the high end`
      : total.usd.expected <= costCapUsd
        ? `the high end passes the cost cap of ${dollars(costCapUsd)}: the run would pause for budget there`
        : `the expected cost passes the cost cap of ${dollars(costCapUsd)}: the run would pause for budget`;
  return [
    `Estimate for the ${estimate.director} Director:`,
    ...lines,
    '',
    ...estimate.notes.map((note) => `- ${note}`),
    ...(estimate.models.kind === 'gemini' ? [`- ${cap}`] : []),
  ];
}

/** The estimate in one line, as `run` shows it before starting. */
export function estimateLine(estimate: RunEstimate): string {
  const { total, models } = estimate;
  const calls = `${range(total.calls, total.callsAtMost)} model calls, ${range(total.images, total.imagesAtMost)} images`;
  if (models.kind === 'local') return `estimate: ${calls}, $0 (local model)`;
  return `estimate: ${calls}, ${dollarRange(total.usd)} on ${models.imageModel} (cost cap ${dollars(estimate.costCapUsd)})`;
}
