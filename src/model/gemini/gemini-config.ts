import { z } from 'zod';

/**
 * Default models, chosen 2026-10 from Google's Gemini API deprecations page
 * (https://ai.google.dev/gemini-api/docs/deprecations): `gemini-3.8-flash` is generally available since
 * 2026-09-02 with no shutdown date announced (it reads images, so it also does analysis and judging);
 * `gemini-3-pro-image` ("Nano Banana Pro") is generally available since 2026-05-28 with no shutdown date
 * announced. `gemini-2.5-flash` and the `-preview` image models are retired or being retired.
 */
export const GEMINI_DEFAULTS = {
  textModel: 'gemini-3.8-flash',
  imageModel: 'gemini-3-pro-image',
  /** Below the analysis activities' 2-minute start-to-close timeout, leaving room for local work. */
  textTimeoutMs: 60_000,
  /** Below the generation activities' 5-minute start-to-close timeout. */
  imageTimeoutMs: 120_000,
} as const;

/** Longest per-call timeouts allowed: a call must end before the activity that makes it times out. */
export const GEMINI_TIMEOUT_LIMITS = { textTimeoutMs: 110_000, imageTimeoutMs: 280_000 } as const;

/** The Gemini provider's settings. `apiKey` is not enumerable: logging or serialising the config leaves it out. */
export interface GeminiConfig {
  readonly apiKey: string;
  /** The text and vision model: analysis, prompts, judging. */
  textModel: string;
  /** The image generation and editing model. */
  imageModel: string;
  /** The API's base URL when not Google's (a proxy, or a local test server). */
  baseUrl?: string;
  textTimeoutMs: number;
  imageTimeoutMs: number;
}

/** The environment variables this module reads: the only place in the project that reads the Gemini key. */
export type GeminiEnv = Readonly<Record<string, string | undefined>>;

/**
 * The Gemini API key from `GOOGLE_API_KEY` or `GEMINI_API_KEY` (the former wins when both are set, as in the
 * `@google/genai` SDK), trimmed; undefined when neither is set. Never logs it.
 */
export function readGeminiApiKey(env: GeminiEnv): string | undefined {
  const key = env.GOOGLE_API_KEY?.trim() || env.GEMINI_API_KEY?.trim();
  return key || undefined;
}

const settingsSchema = z.object({
  textModel: z.string().regex(/^[\w.\-/]+$/),
  imageModel: z.string().regex(/^[\w.\-/]+$/),
  baseUrl: z.url().optional(),
  textTimeoutMs: z.coerce.number().int().min(1).max(GEMINI_TIMEOUT_LIMITS.textTimeoutMs),
  imageTimeoutMs: z.coerce.number().int().min(1).max(GEMINI_TIMEOUT_LIMITS.imageTimeoutMs),
});

const VARIABLES: Record<string, string> = {
  textModel: 'GEMINI_TEXT_MODEL',
  imageModel: 'GEMINI_IMAGE_MODEL',
  baseUrl: 'GOOGLE_GEMINI_BASE_URL',
  textTimeoutMs: 'GEMINI_TEXT_TIMEOUT_MS',
  imageTimeoutMs: 'GEMINI_IMAGE_TIMEOUT_MS',
};

/**
 * The Gemini settings from `env`: the key, `GEMINI_TEXT_MODEL`, `GEMINI_IMAGE_MODEL`, `GEMINI_TEXT_TIMEOUT_MS`,
 * `GEMINI_IMAGE_TIMEOUT_MS`, and `GOOGLE_GEMINI_BASE_URL` (the SDK's own variable, passed on as its base URL).
 * Throws an `Error` naming the variables when no key is set or a setting is invalid (never echoing the key).
 */
export function loadGeminiConfig(env: GeminiEnv): GeminiConfig {
  const apiKey = readGeminiApiKey(env);
  if (!apiKey)
    throw new Error(
      'Gemini needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY) in the worker environment',
    );
  const parsed = settingsSchema.safeParse({
    textModel: env.GEMINI_TEXT_MODEL?.trim() || GEMINI_DEFAULTS.textModel,
    imageModel: env.GEMINI_IMAGE_MODEL?.trim() || GEMINI_DEFAULTS.imageModel,
    baseUrl: env.GOOGLE_GEMINI_BASE_URL?.trim() || undefined,
    textTimeoutMs: env.GEMINI_TEXT_TIMEOUT_MS?.trim() || GEMINI_DEFAULTS.textTimeoutMs,
    imageTimeoutMs: env.GEMINI_IMAGE_TIMEOUT_MS?.trim() || GEMINI_DEFAULTS.imageTimeoutMs,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${VARIABLES[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`,
    );
    throw new Error(`invalid Gemini configuration: ${problems.join('; ')}`);
  }
  const { baseUrl, ...settings } = parsed.data;
  const config: GeminiConfig = { ...settings, ...(baseUrl ? { baseUrl } : {}), apiKey: '' };
  Object.defineProperty(config, 'apiKey', { value: apiKey, enumerable: false, writable: false });
  return config;
}
