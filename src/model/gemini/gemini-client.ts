import { retryable } from '../../shared/failures';
import type { GeminiConfig } from './gemini-config';
import { scrubSecrets, toModelFailure } from './gemini-errors';
import {
  genai,
  type GenerateContentParameters,
  type GenerateContentResponse,
  type GoogleGenAI,
} from './genai';

/**
 * The `@google/genai` client for the Gemini API (never Vertex, whatever `GOOGLE_GENAI_USE_VERTEXAI` says), with
 * the SDK's own retries off: Temporal's retry policy is the only one, so attempts stay bounded and visible
 * in history. Build it once per worker process and share it. Does not throw for a bad key: calls do.
 */
export function createGeminiClient(config: GeminiConfig): GoogleGenAI {
  return new genai.GoogleGenAI({
    vertexai: false,
    apiKey: config.apiKey,
    httpOptions: {
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      // One attempt, the initial call: p-retry gets zero retries for 408/429/5xx.
      retryOptions: { attempts: 1 },
    },
  });
}

/** How one call is bounded: its timeout, the caller's cancellation, and what messages name. */
export interface CallBounds {
  timeoutMs: number;
  /** The activity's cancellation signal: aborting it aborts the HTTP request. */
  signal?: AbortSignal | undefined;
  apiKey: string;
}

/**
 * One `generateContent` call under a per-call timeout and the caller's abort signal. Throws the caller's
 * abort reason when the caller aborted (a cancellation, not a model failure), a retryable `ModelUnavailable`
 * on timeout, and otherwise the typed failure `toModelFailure` maps the error to.
 */
export async function generateContent(
  client: GoogleGenAI,
  params: GenerateContentParameters,
  bounds: CallBounds,
): Promise<GenerateContentResponse> {
  const timeout = AbortSignal.timeout(bounds.timeoutMs);
  const abortSignal = bounds.signal ? AbortSignal.any([bounds.signal, timeout]) : timeout;
  try {
    return await client.models.generateContent({ ...params, config: { ...params.config, abortSignal } });
  } catch (error) {
    if (bounds.signal?.aborted) throw cancellationOf(bounds.signal, bounds.apiKey);
    if (timeout.aborted) {
      throw retryable(
        'ModelUnavailable',
        `Gemini ${params.model} did not answer within ${bounds.timeoutMs} ms`,
      );
    }
    throw toModelFailure(error, { model: params.model, apiKey: bounds.apiKey });
  }
}

function cancellationOf(signal: AbortSignal, apiKey: string): Error {
  // Temporal aborts the activity's signal with a CancelledFailure: rethrowing it reports a cancellation.
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(scrubSecrets(`Gemini call cancelled: ${String(reason)}`, apiKey));
  error.name = 'AbortError';
  return error;
}
