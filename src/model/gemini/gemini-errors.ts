import type { ApplicationFailure } from '@temporalio/common';
import { nonRetryable, retryable } from '../../shared/failures';

/** What a failure message names, and the secret it must never contain. */
export interface ErrorContext {
  /** The model the call asked for, named in messages. */
  model: string;
  /** Scrubbed from every message. */
  apiKey: string;
}

interface GoogleErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

/**
 * Turns an error thrown by a `@google/genai` call into a typed `ApplicationFailure` to throw (never throws itself):
 *
 * | answer                               | type                | retried                           |
 * | ------------------------------------ | ------------------- | --------------------------------- |
 * | 400 with reason API_KEY_INVALID, 401 | `ModelUnauthorized` | no                                |
 * | 400, and any other 4xx not listed    | `ModelBadRequest`   | no                                |
 * | 403                                  | `ModelForbidden`    | no                                |
 * | 404                                  | `ModelNotFound`     | no                                |
 * | 429                                  | `ModelRateLimited`  | yes, after `RetryInfo.retryDelay` |
 * | 408, 409, 499, 5xx, no answer at all | `ModelUnavailable`  | yes, with the policy's backoff    |
 *
 * Messages name the model, the status and Google's message, with the key scrubbed.
 */
export function toModelFailure(error: unknown, context: ErrorContext): ApplicationFailure {
  const status = httpStatusOf(error);
  if (status === undefined) {
    // No HTTP error answer: the connection failed, the body was cut off, or the SDK gave up. Mostly transient,
    // and the activity's bounded policy caps the rest, so it is retried.
    const reason = error instanceof Error ? describeNetworkError(error) : String(error);
    const message = `Gemini ${context.model} call failed without an answer: ${reason}`;
    return retryable('ModelUnavailable', scrubSecrets(message, context.apiKey).slice(0, 1000));
  }
  const body = googleErrorBody(error);
  const reason = errorInfoReason(body);
  const text = scrubSecrets(
    `Gemini ${context.model} answered ${status}${body?.status ? ` ${body.status}` : ''}: ${body?.message ?? 'no message'}`,
    context.apiKey,
  ).slice(0, 1000);
  const details = { status, googleStatus: body?.status, reason, model: context.model };
  if (status === 401 || (status === 400 && reason === 'API_KEY_INVALID'))
    return nonRetryable('ModelUnauthorized', text, details);
  if (status === 403) return nonRetryable('ModelForbidden', text, details);
  if (status === 404) return nonRetryable('ModelNotFound', text, details);
  if (status === 429) {
    const delay = retryDelayMs(body);
    return retryable('ModelRateLimited', text, delay === undefined ? {} : { nextRetryDelayMs: delay });
  }
  if (status === 408 || status === 409 || status === 499 || status >= 500)
    return retryable('ModelUnavailable', text);
  return nonRetryable('ModelBadRequest', text, details);
}

/** Removes the key itself, `key=` query parameters and API-key headers from a message. */
export function scrubSecrets(text: string, apiKey: string): string {
  let scrubbed = text
    .replace(/([?&](?:key|api_key|apiKey)=)[^&\s"']+/gi, '$1[redacted]')
    .replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]');
  if (apiKey.length >= 4) scrubbed = scrubbed.split(apiKey).join('[redacted]');
  return scrubbed;
}

/** The server's `google.rpc.RetryInfo.retryDelay` in milliseconds (`"37s"`, `"1.5s"`), or undefined. */
export function retryDelayMs(body: GoogleErrorBody | undefined): number | undefined {
  for (const detail of body?.details ?? []) {
    if (!isRecord(detail) || !String(detail['@type']).endsWith('google.rpc.RetryInfo')) continue;
    const delay = detail.retryDelay;
    // The JSON form of a protobuf Duration is a decimal number of seconds with an `s` suffix.
    if (typeof delay === 'string' && /^\d+(\.\d+)?s$/.test(delay))
      return Math.round(parseFloat(delay) * 1000);
    if (isRecord(delay) && typeof delay.seconds !== 'undefined') {
      return Math.round(Number(delay.seconds) * 1000 + Number(delay.nanos ?? 0) / 1e6);
    }
  }
  return undefined;
}

function httpStatusOf(error: unknown): number | undefined {
  // The SDK's ApiError carries the HTTP status; checked by shape so that a second copy of the SDK still works.
  if (isRecord(error) && error.name === 'ApiError' && typeof error.status === 'number') return error.status;
  return undefined;
}

function googleErrorBody(error: unknown): GoogleErrorBody | undefined {
  // ApiError's message is the response body as JSON: `{"error":{"code":…,"message":…,"status":…,"details":[…]}}`.
  if (!(error instanceof Error)) return undefined;
  try {
    const parsed: unknown = JSON.parse(error.message);
    const inner = isRecord(parsed) ? parsed.error : undefined;
    if (!isRecord(inner)) return undefined;
    return {
      ...(typeof inner.code === 'number' ? { code: inner.code } : {}),
      ...(typeof inner.message === 'string' ? { message: inner.message } : {}),
      ...(typeof inner.status === 'string' ? { status: inner.status } : {}),
      ...(Array.isArray(inner.details) ? { details: inner.details as unknown[] } : {}),
    };
  } catch {
    return { message: error.message };
  }
}

function errorInfoReason(body: GoogleErrorBody | undefined): string | undefined {
  for (const detail of body?.details ?? []) {
    if (
      isRecord(detail) &&
      String(detail['@type']).endsWith('google.rpc.ErrorInfo') &&
      typeof detail.reason === 'string'
    ) {
      return detail.reason;
    }
  }
  return undefined;
}

function describeNetworkError(error: Error): string {
  const cause = isRecord(error.cause) ? error.cause : undefined;
  const code = cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return `${error.message}${code}`;
}

/** Narrows `unknown` to an object whose properties can be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
