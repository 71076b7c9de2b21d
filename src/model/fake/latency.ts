/**
 * Latency profiles for the fake model: a fixed delay, or a long-tailed one (a lognormal fitted to a median
 * and a 95th percentile, the shape model-call latencies usually have).
 */

/** A latency profile: every call waits `ms`, or a lognormal draw with the given median and p95. */
export type LatencySpec = { kind: 'fixed'; ms: number } | { kind: 'lognormal'; p50: number; p95: number };

// Φ⁻¹(0.95): how many standard deviations above the median the 95th percentile of a normal lies.
const Z95 = 1.6448536269514722;

/**
 * Parses `8000` (fixed) or `p50=8000,p95=14000` (lognormal). `name` is the setting's name, used in the
 * error. Throws an `Error` naming the setting and the value for anything else, a negative delay, or a p95
 * below the p50; a p95 equal to the p50 gives a fixed delay.
 */
export function parseLatencySpec(text: string, name: string): LatencySpec {
  const value = text.trim();
  const fail = (why: string): never => {
    throw new Error(
      `${name} must be milliseconds (\`8000\`) or \`p50=8000,p95=14000\`: ${why}, got ${JSON.stringify(text)}`,
    );
  };
  if (/^\d+(\.\d+)?$/.test(value)) return { kind: 'fixed', ms: Number(value) };
  const parts = new Map<string, number>();
  for (const part of value.split(',')) {
    const match = /^\s*(p50|p95)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match?.[1] || match[2] === undefined) return fail(`cannot read '${part.trim()}'`);
    parts.set(match[1], Number(match[2]));
  }
  const p50 = parts.get('p50');
  const p95 = parts.get('p95');
  if (p50 === undefined || p95 === undefined) return fail('give both p50 and p95');
  if (p50 <= 0) return fail('p50 must be above 0');
  if (p95 < p50) return fail('p95 must not be below p50');
  return p95 === p50 ? { kind: 'fixed', ms: p50 } : { kind: 'lognormal', p50, p95 };
}

/** A spec as text, the way `parseLatencySpec` reads it. */
export function formatLatencySpec(spec: LatencySpec): string {
  return spec.kind === 'fixed' ? `${spec.ms} ms` : `p50 ${spec.p50} ms / p95 ${spec.p95} ms`;
}

/**
 * The latency at quantile `u` (0..1) of a profile: a uniform `u` gives a draw from the distribution.
 * Pure; `u` is clamped away from 0 and 1 so a draw is always finite.
 */
export function latencyAt(spec: LatencySpec, u: number): number {
  if (spec.kind === 'fixed') return spec.ms;
  const mu = Math.log(spec.p50);
  const sigma = Math.log(spec.p95 / spec.p50) / Z95;
  const clamped = Math.min(Math.max(u, 1e-9), 1 - 1e-9);
  return Math.round(Math.exp(mu + sigma * normalQuantile(clamped)));
}

/**
 * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation (relative error < 1.2e-9).
 * `p` must lie in (0, 1).
 */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (k: readonly number[], x: number) => k.reduce((sum, coefficient) => sum * x + coefficient, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
