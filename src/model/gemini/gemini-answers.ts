import { ApplicationFailure } from '@temporalio/common';
import { genai, type Candidate, type GenerateContentResponse, type Part } from './genai';
import type { z } from 'zod';
import type { RetryableErrorType } from '../../shared/errors';
import { nonRetryable, retryable } from '../../shared/failures';

/** Finish reasons that mean the answer was withheld for safety or policy: retrying the same item will not help. */
const SAFETY_FINISH_REASONS = new Set([
  'SAFETY',
  'IMAGE_SAFETY',
  'PROHIBITED_CONTENT',
  'IMAGE_PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'RECITATION',
  'IMAGE_RECITATION',
]);

/** An image the model returned, still at the model's size. */
export interface RawImage {
  bytes: Buffer;
  mimeType: string;
}

/**
 * Throws a non-retryable `SafetyBlocked` when the prompt was blocked (`promptFeedback.blockReason`) or the
 * first candidate finished for a safety or policy reason; returns otherwise.
 */
export function assertNotBlocked(response: GenerateContentResponse, model: string): void {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) {
    throw nonRetryable('SafetyBlocked', `Gemini ${model} blocked the prompt: blockReason ${blockReason}`, {
      model,
      blockReason,
      categories: blockedCategories(response.promptFeedback?.safetyRatings),
    });
  }
  const candidate = firstCandidate(response);
  const finishReason = candidate?.finishReason;
  if (finishReason && SAFETY_FINISH_REASONS.has(finishReason)) {
    throw nonRetryable('SafetyBlocked', `Gemini ${model} withheld its answer: finishReason ${finishReason}`, {
      model,
      finishReason,
      categories: blockedCategories(candidate.safetyRatings),
    });
  }
}

/**
 * The first candidate's text parsed as JSON and validated with `schema`. Throws `SafetyBlocked` as
 * `assertNotBlocked` does, a retryable `ModelUnavailable` for an answer cut at MAX_TOKENS or missing, and a
 * retryable `ModelAnswerInvalid` (see `answerInvalid`) for malformed JSON or JSON of the wrong shape.
 */
export function readJsonAnswer<T>(response: GenerateContentResponse, schema: z.ZodType<T>, model: string): T {
  assertNotBlocked(response, model);
  const candidate = firstCandidate(response);
  if (candidate?.finishReason === genai.FinishReason.MAX_TOKENS) {
    throw retryable(
      'ModelUnavailable',
      `Gemini ${model} ran out of output tokens (finishReason MAX_TOKENS): the JSON is cut short`,
    );
  }
  const text = answerText(candidate);
  if (!text)
    throw retryable(
      'ModelUnavailable',
      `Gemini ${model} answered without text (finishReason ${candidate?.finishReason ?? 'none'})`,
    );
  let json: unknown;
  try {
    json = JSON.parse(withoutCodeFence(text));
  } catch {
    throw answerInvalid(
      `Gemini ${model} answered malformed JSON: ${JSON.stringify(text.slice(0, 120))}`,
      model,
      [],
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw answerInvalid(
      `Gemini ${model} answered JSON of the wrong shape: ${issues.join('; ')}`,
      model,
      issues,
    );
  }
  return parsed.data;
}

/**
 * The failure for a model answer that does not match what was asked for (malformed JSON, the wrong shape,
 * a value out of range): a retryable `ModelAnswerInvalid` (the model may answer well next time; the
 * activity's bounded policy caps it) whose details name the model and the first issues. Never a raw
 * `ZodError`: callers and the run's summary see a typed failure, and the call's cost still counts.
 */
export function answerInvalid(message: string, model: string, issues: string[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ModelAnswerInvalid' satisfies RetryableErrorType,
    message,
    nonRetryable: false,
    details: [{ model, issues }],
  });
}

/** The first few issues of a failed parse as `path: message` lines. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/**
 * The first image among the first candidate's parts (every `inlineData` part is read, not `response.data`).
 * Throws `SafetyBlocked` as `assertNotBlocked` does, and a retryable `ModelNoImage` when the answer holds
 * no image (finishReason NO_IMAGE, or text only).
 */
export function readImageAnswer(response: GenerateContentResponse, model: string): RawImage {
  assertNotBlocked(response, model);
  const candidate = firstCandidate(response);
  const image = imageParts(response)[0]?.inlineData;
  if (image?.data)
    return { bytes: Buffer.from(image.data, 'base64'), mimeType: image.mimeType ?? 'image/png' };
  const said = answerText(candidate);
  throw retryable(
    'ModelNoImage',
    `Gemini ${model} answered without an image (finishReason ${candidate?.finishReason ?? 'none'})${said ? `: ${JSON.stringify(said.slice(0, 160))}` : ''}`,
  );
}

/** The image parts of the first candidate, in order; thought images (drafts) are left out. */
export function imageParts(response: GenerateContentResponse): Part[] {
  const parts = firstCandidate(response)?.content?.parts ?? [];
  return parts.filter(
    (part) => !part.thought && part.inlineData?.mimeType?.startsWith('image/') && part.inlineData.data,
  );
}

function firstCandidate(response: GenerateContentResponse): Candidate | undefined {
  return response.candidates?.[0];
}

function answerText(candidate: Candidate | undefined): string {
  const parts = candidate?.content?.parts ?? [];
  return parts
    .filter((part) => !part.thought && typeof part.text === 'string')
    .map((part) => part.text)
    .join('')
    .trim();
}

function withoutCodeFence(text: string): string {
  // JSON mode should answer bare JSON, but a fenced block is the same answer and costs nothing to accept.
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(text);
  return fenced?.[1] ?? text;
}

function blockedCategories(ratings: { category?: string; blocked?: boolean }[] | undefined): string[] {
  return (ratings ?? [])
    .filter((rating) => rating.blocked && rating.category)
    .map((rating) => String(rating.category));
}
