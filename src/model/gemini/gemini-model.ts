import type { DirectorModel } from '../director-model';
import { creativePromptSchema, judgementSchema } from '../../shared/creative';
import type { CreativePrompt, Judgement, ReferenceAnalysis } from '../../shared/creative';
import { nonRetryable } from '../../shared/failures';
import type { ProductAnalysis } from '../../shared/product';
import type { GenerateImageRequest, JudgeRequest, PromptRequest } from '../creative-capabilities';
import type { BackgroundRequest, CompositionRequest, ImageData } from '../creative-model';
import { checkedAnswer, productAnalysisOf, promptsOf, referenceAnalysisOf } from './gemini-analysis';
import { GeminiCalls } from './gemini-calls';
import type { GeminiConfig } from './gemini-config';
import * as words from './gemini-prompts';
import {
  judgementAnswerSchema,
  productAnswerSchema,
  promptsAnswerSchema,
  referenceAnswerSchema,
} from './gemini-schemas';
import type { GoogleGenAI } from './genai';
import { inlineImagePart, measureImage, requireSize } from './image-parts';

/** What the Gemini model is built from: the shared client, its settings, and the local model for pure image work. */
export interface GeminiModelOptions {
  client: GoogleGenAI;
  config: GeminiConfig;
  /** Answers the calls that need no model (cut-outs, detail crops, renditions, contact sheets). */
  local: DirectorModel;
}

/** Most prompts one call writes, as for the local model. */
const MAX_PROMPTS = 100;

/**
 * Every Director call on Google Gemini: analysis, prompts and judging on the text model with a JSON schema
 * (answers validated, never trusted); generation, edits and compositions on the image model, resized to the
 * requested size. Pure image processing is delegated to the local model. Every call is metered (see
 * `meterUsage`) and throws `ApplicationFailure`s typed as in `gemini-errors.ts` and `gemini-answers.ts`.
 */
export class GeminiDirectorModel implements DirectorModel {
  readonly id = 'gemini';
  /** The text model and instruction version: what a memo key of analyses and judgements must include. */
  readonly analysisVersion: string;
  /** Text and image models and the prompts' version: what a catalog line's fingerprint must include. */
  readonly version: string;
  private readonly calls: GeminiCalls;
  private readonly local: DirectorModel;
  private readonly textModel: string;

  constructor(options: GeminiModelOptions) {
    this.calls = new GeminiCalls(options.client, options.config);
    this.local = options.local;
    this.textModel = options.config.textModel;
    this.analysisVersion = `${options.config.textModel}/${words.PROMPT_VERSION}`;
    this.version = `${options.config.textModel}+${options.config.imageModel}/${words.PROMPT_VERSION}`;
  }

  async analyzeProduct(image: ImageData, signal?: AbortSignal): Promise<ProductAnalysis> {
    const size = await measureImage(image);
    const parts = [await inlineImagePart(image), { text: words.ANALYZE_PRODUCT }];
    return productAnalysisOf(await this.calls.json(productAnswerSchema, parts, signal), size, this.textModel);
  }

  async analyzeReference(image: ImageData, signal?: AbortSignal): Promise<ReferenceAnalysis> {
    const size = await measureImage(image);
    const parts = [await inlineImagePart(image), { text: words.ANALYZE_REFERENCE }];
    return referenceAnalysisOf(
      await this.calls.json(referenceAnswerSchema, parts, signal),
      size,
      this.textModel,
    );
  }

  async writePrompts(request: PromptRequest, signal?: AbortSignal): Promise<CreativePrompt[]> {
    const { count } = request;
    if (!Number.isInteger(count) || count < 1 || count > MAX_PROMPTS) {
      const message = `count must be an integer from 1 to ${MAX_PROMPTS}, got ${count}`;
      throw nonRetryable('InvalidInput', message, { field: 'count', value: count });
    }
    const parts = [{ text: words.writePromptsInstruction(request) }];
    return promptsOf(await this.calls.json(promptsAnswerSchema(count), parts, signal), this.textModel);
  }

  async generateImage(request: GenerateImageRequest, signal?: AbortSignal): Promise<ImageData> {
    requireSize('width', request.width);
    requireSize('height', request.height);
    const prompt = creativePromptSchema.safeParse(request.prompt);
    if (!prompt.success) {
      const issue = prompt.error.issues[0];
      throw nonRetryable(
        'InvalidInput',
        `prompt.${issue?.path.join('.') ?? ''} is invalid: ${issue?.message ?? ''}`,
      );
    }
    const parts = [{ text: words.imagePromptText(prompt.data) }];
    return this.calls.image(parts, request.width, request.height, signal);
  }

  async judgeImage(request: JudgeRequest, signal?: AbortSignal): Promise<Judgement> {
    const parts = [
      await inlineImagePart(request.image),
      { text: words.judgeInstruction(request.prompt, request.guide) },
    ];
    return checkedAnswer(
      judgementSchema,
      this.textModel,
      await this.calls.json(judgementAnswerSchema, parts, signal),
    );
  }

  async generateBackground(request: BackgroundRequest, signal?: AbortSignal): Promise<ImageData> {
    requireSize('width', request.width);
    requireSize('height', request.height);
    const parts = [{ text: words.backgroundInstruction(request.style, request.palette) }];
    return this.calls.image(parts, request.width, request.height, signal);
  }

  async composeProduct(request: CompositionRequest, signal?: AbortSignal): Promise<ImageData> {
    requireSize('size', request.size);
    const parts = [
      await inlineImagePart(request.product),
      await inlineImagePart(request.background),
      { text: words.composeInstruction(request.analysis) },
    ];
    return this.calls.image(parts, request.size, request.size, signal);
  }

  async generateModel(
    request: { palette: string[]; width: number; height: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    requireSize('width', request.width);
    requireSize('height', request.height);
    const parts = [{ text: words.modelInstruction(request.palette) }];
    return this.calls.image(parts, request.width, request.height, signal);
  }

  async tryOn(request: { garment: ImageData; model: ImageData }, signal?: AbortSignal): Promise<ImageData> {
    const parts = [
      await inlineImagePart(request.garment),
      await inlineImagePart(request.model),
      { text: words.TRY_ON },
    ];
    return this.calls.image(parts, request.model.width, request.model.height, signal);
  }

  async stageAccessory(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    requireSize('size', request.size);
    const parts = [await inlineImagePart(request.cutout), { text: words.stageInstruction(request.palette) }];
    return this.calls.image(parts, request.size, request.size, signal);
  }

  async composePair(
    request: { cutout: ImageData; palette: string[]; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData> {
    requireSize('size', request.size);
    const parts = [await inlineImagePart(request.cutout), { text: words.pairInstruction(request.palette) }];
    return this.calls.image(parts, request.size, request.size, signal);
  }

  extractProduct(image: ImageData, analysis: ProductAnalysis, signal?: AbortSignal): Promise<ImageData> {
    return this.local.extractProduct(image, analysis, signal);
  }

  cropDetails(
    request: { image: ImageData; count: number; size: number },
    signal?: AbortSignal,
  ): Promise<ImageData[]> {
    return this.local.cropDetails(request, signal);
  }

  render(
    image: ImageData,
    rendition: { longestSide: number; format: 'png' | 'jpeg' | 'webp' },
  ): Promise<ImageData> {
    return this.local.render(image, rendition);
  }

  contactSheet(
    items: { image: ImageData; label: string }[],
    options?: { columns?: number; cell?: number },
  ): Promise<ImageData> {
    return this.local.contactSheet(items, options);
  }
}
