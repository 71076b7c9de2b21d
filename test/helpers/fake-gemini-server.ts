import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** A request part as `@google/genai` sends it (camelCase JSON). */
export interface SentPart {
  text?: string;
  inlineData?: { mimeType?: string; data?: string };
}

/** The parts of a `generateContent` body the tests look at. */
export interface SentBody {
  contents?: { role?: string; parts?: SentPart[] }[];
  generationConfig?: {
    responseMimeType?: string;
    responseJsonSchema?: Record<string, unknown>;
    responseModalities?: string[];
    imageConfig?: { aspectRatio?: string; imageSize?: string };
  };
}

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The model id from the path, e.g. `gemini-3.8-flash`. */
  model: string;
  /** `generateContent`, `streamGenerateContent` … */
  action: string;
  /** The `x-goog-api-key` header. */
  apiKey: string | undefined;
  body: SentBody;
  /** True when the client hung up before the answer was sent. */
  aborted: boolean;
}

/** A scripted answer: an HTTP status and JSON body, optionally after a delay. */
export interface Reply {
  status: number;
  body: unknown;
  delayMs?: number;
}

type ReplyFor = Reply | ((request: RecordedRequest) => Reply);

const PATH = /^\/(v1beta|v1)\/models\/([^/:]+):(\w+)$/;

/**
 * A local HTTP server on 127.0.0.1 that speaks the Gemini API's REST protocol as the real `@google/genai`
 * client calls it: `POST /v1beta/models/{model}:generateContent`, the key in `x-goog-api-key`, camelCase JSON
 * in and out, and Google's `{ error: { code, message, status, details } }` errors. Tests queue replies (used in
 * order, then the fallback) and read back every request.
 */
export class FakeGeminiServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ReplyFor[] = [];
  private fallback: ReplyFor = errorReply(
    500,
    'INTERNAL',
    'the fake Gemini server has no reply scripted for this request',
  );
  private readonly waiters: { event: 'request' | 'abort'; resolve: (request: RecordedRequest) => void }[] =
    [];

  private constructor(
    private readonly server: http.Server,
    /** The key the server accepts; any other gets Google's 400 API_KEY_INVALID. */
    readonly validKey: string,
  ) {}

  /** Starts a server on a random port of 127.0.0.1 that accepts `validKey`. */
  static async start(validKey = 'test-key-0123456789'): Promise<FakeGeminiServer> {
    const server = http.createServer();
    const fake = new FakeGeminiServer(server, validKey);
    // A malformed request is the client's bug: cut the connection so the test fails loudly.
    server.on('request', (req, res) => void fake.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL to give the client (`httpOptions.baseUrl` or `GOOGLE_GEMINI_BASE_URL`). */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues replies for the next requests, in order. */
  enqueue(...replies: ReplyFor[]): void {
    this.queue.push(...replies);
  }

  /** The reply for requests when the queue is empty (default: a 500 naming the missing script). */
  setFallback(reply: ReplyFor): void {
    this.fallback = reply;
  }

  /** Resolves with the next request the server receives after this call. */
  nextRequest(): Promise<RecordedRequest> {
    return new Promise((resolve) => this.waiters.push({ event: 'request', resolve }));
  }

  /** Resolves when a client hangs up on a request before its answer. */
  nextAbort(): Promise<RecordedRequest> {
    return new Promise((resolve) => this.waiters.push({ event: 'abort', resolve }));
  }

  /** Stops the server, cutting any open connection. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = PATH.exec(req.url?.split('?')[0] ?? '');
    const text = Buffer.concat(chunks).toString('utf8');
    const header = req.headers['x-goog-api-key'];
    const request: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      model: match?.[2] ?? '',
      action: match?.[3] ?? '',
      apiKey: typeof header === 'string' ? header : undefined,
      // The fake trusts the real client to send the JSON the protocol defines.
      body: (text ? JSON.parse(text) : {}) as SentBody,
      aborted: false,
    };
    this.requests.push(request);
    this.notify('request', request);
    const reply = this.replyTo(request, match !== null);
    res.on('close', () => {
      if (!res.writableFinished) {
        request.aborted = true;
        this.notify('abort', request);
      }
    });
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs).unref());
    if (res.destroyed) return;
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(reply.body));
  }

  private replyTo(request: RecordedRequest, known: boolean): Reply {
    if (!known || request.method !== 'POST')
      return errorReply(404, 'NOT_FOUND', `path ${request.path} not found`);
    if (!request.apiKey)
      return errorReply(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers.");
    if (request.apiKey !== this.validKey) return invalidKeyReply();
    const next = this.queue.shift() ?? this.fallback;
    return typeof next === 'function' ? next(request) : next;
  }

  private notify(event: 'request' | 'abort', request: RecordedRequest): void {
    const index = this.waiters.findIndex((waiter) => waiter.event === event);
    if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve(request);
  }
}

/** Realistic `usageMetadata` for a text answer. */
export const TEXT_USAGE = {
  promptTokenCount: 1290,
  candidatesTokenCount: 85,
  thoughtsTokenCount: 125,
  totalTokenCount: 1500,
  promptTokensDetails: [
    { modality: 'TEXT', tokenCount: 32 },
    { modality: 'IMAGE', tokenCount: 1258 },
  ],
};

/** Realistic `usageMetadata` for one 1K image answer (image tokens are listed per modality). */
export const IMAGE_USAGE = {
  promptTokenCount: 40,
  candidatesTokenCount: 1120,
  totalTokenCount: 1160,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 40 }],
  candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1120 }],
};

interface AnswerOptions {
  finishReason?: string;
  modelVersion?: string;
  usage?: Record<string, unknown>;
}

/** A 200 answer whose first candidate holds `parts`. */
export function answerReply(parts: SentPart[], options: AnswerOptions = {}): Reply {
  return {
    status: 200,
    body: {
      candidates: [
        { content: { role: 'model', parts }, finishReason: options.finishReason ?? 'STOP', index: 0 },
      ],
      usageMetadata: options.usage ?? TEXT_USAGE,
      modelVersion: options.modelVersion ?? 'gemini-3.8-flash',
      responseId: 'fake-response-id',
    },
  };
}

/** A JSON answer (a text part holding `value` serialised) from the text model. */
export function jsonReply(value: unknown, options: AnswerOptions = {}): Reply {
  return answerReply([{ text: JSON.stringify(value) }], options);
}

/** An image answer: an optional text part, then the image as base64 `inlineData`, from the image model. */
export function imageReply(
  png: Buffer,
  options: AnswerOptions & { text?: string; mimeType?: string } = {},
): Reply {
  const parts: SentPart[] = [
    ...(options.text ? [{ text: options.text }] : []),
    { inlineData: { mimeType: options.mimeType ?? 'image/png', data: png.toString('base64') } },
  ];
  return answerReply(parts, { modelVersion: 'gemini-3-pro-image', usage: IMAGE_USAGE, ...options });
}

/** A Google-shaped error answer. */
export function errorReply(code: number, status: string, message: string, details: unknown[] = []): Reply {
  return {
    status: code,
    body: { error: { code, message, status, ...(details.length > 0 ? { details } : {}) } },
  };
}

/** 429 RESOURCE_EXHAUSTED with a quota failure and `RetryInfo.retryDelay`. */
export function rateLimitedReply(retryDelay = '2s'): Reply {
  return errorReply(
    429,
    'RESOURCE_EXHAUSTED',
    'You exceeded your current quota, please check your plan and billing details.',
    [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count',
            quotaId: 'GenerateContentPaidTierInputTokensPerModelPerMinute',
          },
        ],
      },
      {
        '@type': 'type.googleapis.com/google.rpc.Help',
        links: [
          {
            description: 'Learn more about Gemini API quotas',
            url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
          },
        ],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
    ],
  );
}

/** 503 UNAVAILABLE, as when the model is overloaded. */
export function unavailableReply(): Reply {
  return errorReply(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
}

/** 400 INVALID_ARGUMENT with `ErrorInfo.reason` API_KEY_INVALID, as Google answers a wrong key. */
export function invalidKeyReply(): Reply {
  return errorReply(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
    {
      '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
      locale: 'en-US',
      message: 'API key not valid. Please pass a valid API key.',
    },
  ]);
}

/** 404 NOT_FOUND for an unknown model. */
export function modelNotFoundReply(model: string): Reply {
  return errorReply(
    404,
    'NOT_FOUND',
    `models/${model} is not found for API version v1beta, or is not supported for generateContent.`,
  );
}

/** A blocked prompt: `promptFeedback.blockReason` and no candidates. */
export function blockedPromptReply(blockReason = 'SAFETY'): Reply {
  return {
    status: 200,
    body: {
      promptFeedback: {
        blockReason,
        safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }],
      },
      usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
      modelVersion: 'gemini-3-pro-image',
    },
  };
}

/** A candidate that ended with `finishReason` and no content (SAFETY, IMAGE_SAFETY, NO_IMAGE …). */
export function finishReply(finishReason: string, parts: SentPart[] = []): Reply {
  const reply = answerReply(parts, {
    finishReason,
    usage: { promptTokenCount: 40, candidatesTokenCount: 0, totalTokenCount: 40 },
  });
  if (parts.length === 0) {
    // Google omits `content` entirely when a candidate was stopped before producing anything.
    const body = reply.body as { candidates: { content?: unknown }[] };
    delete body.candidates[0]?.content;
  }
  return reply;
}

/** A real PNG of one colour, for image answers. */
export async function makePng(width: number, height: number, color = '#c0392b'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}
