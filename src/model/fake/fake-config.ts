import { formatLatencySpec, parseLatencySpec } from './latency';
import type { FakeModelSettings } from './fake-model';

/** The environment the fake model reads (a subset of `process.env`). */
export type FakeModelEnv = Readonly<Record<string, string | undefined>>;

/** Image latency when `DIRECTOR_FAKE_LATENCY_MS` is unset: slow enough to watch, cancel or kill a run. */
export const DEFAULT_FAKE_IMAGE_LATENCY = 'p50=8000,p95=14000';
/** Text latency when `DIRECTOR_FAKE_TEXT_LATENCY_MS` is unset. */
export const DEFAULT_FAKE_TEXT_LATENCY = 'p50=1500,p95=4000';

/**
 * The fake model's settings from the environment: `DIRECTOR_FAKE_LATENCY_MS` (image calls, `8000` or
 * `p50=8000,p95=14000`), `DIRECTOR_FAKE_TEXT_LATENCY_MS` (analysis, prompts, judging), and
 * `DIRECTOR_FAKE_IMAGES_PER_MINUTE` (a rate limit on image calls; unset: none), `DIRECTOR_FAKE_SEED`.
 * Throws an `Error` naming the variable and its value when one is invalid.
 */
export function fakeSettingsFromEnv(env: FakeModelEnv): FakeModelSettings {
  const read = (name: string) => env[name]?.trim() || undefined;
  const integer = (name: string, min: number): number | undefined => {
    const text = read(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) {
      throw new Error(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(text)}`);
    }
    return value;
  };
  const imagesPerMinute = integer('DIRECTOR_FAKE_IMAGES_PER_MINUTE', 1);
  return {
    imageLatency: parseLatencySpec(
      read('DIRECTOR_FAKE_LATENCY_MS') ?? DEFAULT_FAKE_IMAGE_LATENCY,
      'DIRECTOR_FAKE_LATENCY_MS',
    ),
    textLatency: parseLatencySpec(
      read('DIRECTOR_FAKE_TEXT_LATENCY_MS') ?? DEFAULT_FAKE_TEXT_LATENCY,
      'DIRECTOR_FAKE_TEXT_LATENCY_MS',
    ),
    localLatency: { kind: 'fixed', ms: 0 },
    seed: integer('DIRECTOR_FAKE_SEED', 0) ?? 1,
    ...(imagesPerMinute === undefined ? {} : { imagesPerMinute }),
  };
}

/** One line describing the settings, for the worker's start-up log. */
export function describeFakeSettings(settings: FakeModelSettings): string {
  const rate =
    settings.imagesPerMinute === undefined ? 'no rate limit' : `${settings.imagesPerMinute} images/min`;
  return `images ${formatLatencySpec(settings.imageLatency)}, text ${formatLatencySpec(settings.textLatency)}, ${rate}`;
}
