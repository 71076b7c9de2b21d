import type { DirectorModel } from '../director-model';
import { retryable } from '../../shared/failures';
import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../../shared/creative';
import type { ProductAnalysis } from '../../shared/product';
import type { GenerateImageRequest, JudgeRequest, PromptRequest } from '../creative-capabilities';
import type { BackgroundRequest, CompositionRequest, ImageData } from '../creative-model';
import { hash32, seededRandom, type Random } from '../local/random';
import { abortableSleep, type Sleep } from './abortable-sleep';
import { fakeJudgement, fakePrompts, fakeProductAnalysis, fakeReferenceAnalysis } from './fake-answers';
import { FakeImages } from './fake-images';
import { latencyAt, type LatencySpec } from './latency';
import { RateLimiter, type Clock } from './rate-limiter';

/** Which latency a call gets: image generation and editing, text (analysis, prompts, judging), or local work. */
export type FakeCallKind = 'image' | 'text' | 'local';

/** One call the fake answered or refused, for whoever counts (the benchmark). */
export interface FakeCallEvent {
  kind: FakeCallKind;
  method: string;
  outcome: 'answered' | 'rate-limited' | 'aborted';
  /** Clock time the call was decided (granted or refused). */
  at: number;
  latencyMs: number;
}

/** How the fake behaves; everything can be changed later with `configure`. */
export interface FakeModelSettings {
  /** Image generation and editing calls; default 0 ms. */
  imageLatency: LatencySpec;
  /** Analysis, prompt writing and judging; default 0 ms. */
  textLatency: LatencySpec;
  /** Work the real worker does locally (render, contact sheet, cut-out, detail crops); default 0 ms. */
  localLatency: LatencySpec;
  /** Image calls allowed per minute (a token bucket); undefined: no limit. */
  imagesPerMinute?: number;
  /** Image calls allowed at once after a quiet spell; default one second's worth. */
  imageBurst?: number;
  /** Seed of the latency draws: the same seed gives each method the same sequence of latencies. */
  seed: number;
}

/** Construction options: settings plus the clock and sleep (injected in tests) and an event listener. */
export interface FakeModelOptions extends Partial<FakeModelSettings> {
  clock?: Clock;
  sleep?: Sleep;
  onCall?: (event: FakeCallEvent) => void;
}

const ZERO: LatencySpec = { kind: 'fixed', ms: 0 };

/**
 * A creative model that does no work: each call waits a configured latency (fixed or long-tailed, drawn
 * from a seeded sequence per method, so two fakes with one seed draw the same latencies) and answers with
 * a tiny valid result — schema-valid analyses and judgements, small pre-made PNGs of the requested size.
 * Image calls can be rate limited: over the limit a call fails at once with a retryable
 * `ModelRateLimited` carrying the delay to retry after. Every call rejects with the signal's reason as soon
 * as its signal aborts. For benchmarks and for watching, cancelling or killing slow runs
 * (`DIRECTOR_MODEL=fake`).
 */
export class FakeDirectorModel implements DirectorModel {
  readonly id = 'fake';
  readonly version: string = 'fake-1';
  private settings: FakeModelSettings;
  private limiter: RateLimiter | undefined;
  private streams = new Map<string, Random>();
  private readonly images = new FakeImages();
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly onCall: ((event: FakeCallEvent) => void) | undefined;

  constructor(options: FakeModelOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.onCall = options.onCall;
    this.settings = { imageLatency: ZERO, textLatency: ZERO, localLatency: ZERO, seed: 1 };
    this.configure(options);
  }

  /** The current settings. */
  get current(): Readonly<FakeModelSettings> {
    return { ...this.settings };
  }

  /**
   * Changes settings (omitted ones stay; pass `imagesPerMinute: undefined` to lift the limit) and restarts
   * the latency sequences and the rate limiter. Throws a `RangeError` for an invalid rate.
   */
  configure(changes: Partial<FakeModelSettings>): void {
    this.settings = { ...this.settings, ...changes };
    const { imagesPerMinute, imageBurst } = this.settings;
    this.limiter =
      imagesPerMinute === undefined
        ? undefined
        : new RateLimiter({
            perMinute: imagesPerMinute,
            clock: this.clock,
            ...(imageBurst === undefined ? {} : { burst: imageBurst }),
          });
    this.streams = new Map();
  }

  async analyzeProduct(image: ImageData, signal?: AbortSignal): Promise<ProductAnalysis> {
    await this.call('text', 'analyzeProduct', signal);
    return fakeProductAnalysis(image);
  }

  async generateBackground(request: BackgroundRequest, signal?: AbortSignal): Promise<ImageData> {
    await this.call('image', 'generateBackground', signal);
    return this.images.get('scene', request.width, request.height);
  }

  async composeProduct(request: CompositionRequest, signal?: AbortSignal): Promise<ImageData> {
    await this.call('image', 'composeProduct', signal);
    return this.images.get('scene', request.size, request.size);
  }

  async analyzeReference(image: ImageData, signal?: AbortSignal): Promise<ReferenceAnalysis> {
    await this.call('text', 'analyzeReference', signal);
    return fakeReferenceAnalysis(image);
  }

  async writePrompts(request: PromptRequest, signal?: AbortSignal): Promise<CreativePrompt[]> {
    await this.call('text', 'writePrompts', signal);
    return fakePrompts(request);
  }

  async generateImage(request: GenerateImageRequest, signal?: AbortSignal): Promise<ImageData> {
    await this.call('image', 'generateImage', signal);
    return this.images.get('scene', request.width, request.height);
  }

  async judgeImage(_request: JudgeRequest, signal?: AbortSignal): Promise<Judgement> {
    await this.call('text', 'judgeImage', signal);
    return fakeJudgement();
  }

  async extractProduct(
    _image: ImageData,
    analysis: ProductAnalysis,
    signal?: AbortSignal,
  ): Promise<ImageData> {
    await this.call('local', 'extractProduct', signal);
    return this.images.get('cutout', analysis.subjectBounds.width, analysis.subjectBounds.height);
  }

  async generateModel(
    request: { palette: string[]; width: number; height: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    await this.call('image', 'generateModel', signal);
    return this.images.get('scene', request.width, request.height);
  }

  async tryOn(request: { garment: ImageData; model: ImageData }, signal?: AbortSignal): Promise<ImageData> {
    await this.call('image', 'tryOn', signal);
    return this.images.get('scene', request.model.width, request.model.height);
  }

  async stageAccessory(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    await this.call('image', 'stageAccessory', signal);
    return this.images.get('scene', request.size, request.size);
  }

  async cropDetails(
    request: { image: ImageData; count: number; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData[]> {
    await this.call('local', 'cropDetails', signal);
    const crop = await this.images.get('scene', request.size, request.size);
    return Array.from({ length: request.count }, () => crop);
  }

  async composePair(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    await this.call('image', 'composePair', signal);
    return this.images.get('scene', request.size, request.size);
  }

  async render(
    image: ImageData,
    rendition: { longestSide: number; format: 'png' | 'jpeg' | 'webp' },
  ): Promise<ImageData> {
    await this.call('local', 'render');
    const scale = Math.min(1, rendition.longestSide / Math.max(image.width, image.height));
    const size = (side: number) => Math.max(1, Math.round(side * scale));
    return this.images.get('scene', size(image.width), size(image.height), rendition.format);
  }

  async contactSheet(
    items: { image: ImageData; label: string }[],
    options: { columns?: number; cell?: number } = {},
  ): Promise<ImageData> {
    await this.call('local', 'contactSheet');
    const cell = options.cell ?? 256;
    const columns = Math.max(1, Math.min(options.columns ?? 4, items.length));
    const rows = Math.max(1, Math.ceil(items.length / columns));
    return this.images.get('scene', columns * cell, rows * cell);
  }

  // Refuses over the rate limit (at once, as an API answers 429), else waits the drawn latency.
  private async call(kind: FakeCallKind, method: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const at = this.clock();
    if (kind === 'image' && this.limiter) {
      const decision = this.limiter.take();
      if (!decision.granted) {
        this.onCall?.({ kind, method, outcome: 'rate-limited', at, latencyMs: 0 });
        throw retryable(
          'ModelRateLimited',
          `fake model: over ${this.limiter.perMinute} images per minute; retry in ${decision.retryAfterMs} ms`,
          { nextRetryDelayMs: decision.retryAfterMs },
        );
      }
    }
    const latencyMs = latencyAt(this.latencyOf(kind), this.stream(method).next());
    try {
      await this.sleep(latencyMs, signal);
    } catch (error: unknown) {
      this.onCall?.({ kind, method, outcome: 'aborted', at, latencyMs });
      throw error;
    }
    this.onCall?.({ kind, method, outcome: 'answered', at, latencyMs });
  }

  private latencyOf(kind: FakeCallKind): LatencySpec {
    const { imageLatency, textLatency, localLatency } = this.settings;
    return kind === 'image' ? imageLatency : kind === 'text' ? textLatency : localLatency;
  }

  private stream(method: string): Random {
    let random = this.streams.get(method);
    if (!random) {
      random = seededRandom((this.settings.seed ^ hash32(method)) >>> 0);
      this.streams.set(method, random);
    }
    return random;
  }
}
