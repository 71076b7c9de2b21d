import type { GoogleGenAI, Part } from './genai';
import type { z } from 'zod';
import type { ImageData } from '../creative-model';
import { readImageAnswer, readJsonAnswer } from './gemini-answers';
import { generateContent } from './gemini-client';
import type { GeminiConfig } from './gemini-config';
import { toGeminiJsonSchema } from './gemini-schemas';
import { usageOfResponse } from './gemini-usage';
import { fitImage, nearestAspectRatio } from './image-parts';
import { recordUsage } from './usage-meter';

/**
 * The two kinds of Gemini call the Directors make — structured JSON from the text model, one image from the
 * image model — each bounded by its timeout and the caller's signal, metered, and checked before use.
 */
export class GeminiCalls {
  constructor(
    private readonly client: GoogleGenAI,
    private readonly config: GeminiConfig,
  ) {}

  /**
   * Asks the text model for JSON matching `answer` (sent as the response schema) and returns it validated.
   * Throws typed failures: see `generateContent` and `readJsonAnswer`.
   */
  async json<T>(answer: z.ZodType<T>, parts: Part[], signal?: AbortSignal): Promise<T> {
    const model = this.config.textModel;
    const response = await generateContent(
      this.client,
      {
        model,
        contents: [{ role: 'user', parts }],
        config: { responseMimeType: 'application/json', responseJsonSchema: toGeminiJsonSchema(answer) },
      },
      { timeoutMs: this.config.textTimeoutMs, signal, apiKey: this.config.apiKey },
    );
    // Paid for even when the answer turns out unusable.
    recordUsage(usageOfResponse(model, response));
    return readJsonAnswer(response, answer, model);
  }

  /**
   * Asks the image model for one image from `parts` (text, and images to edit or compose) at the aspect ratio
   * nearest `width`×`height`, and returns it cropped and resized to exactly that size as a PNG. Throws typed
   * failures: see `generateContent`, `readImageAnswer` and `fitImage`.
   */
  async image(parts: Part[], width: number, height: number, signal?: AbortSignal): Promise<ImageData> {
    const model = this.config.imageModel;
    const response = await generateContent(
      this.client,
      {
        model,
        contents: [{ role: 'user', parts }],
        config: {
          responseModalities: ['IMAGE'],
          imageConfig: { aspectRatio: nearestAspectRatio(width, height) },
        },
      },
      { timeoutMs: this.config.imageTimeoutMs, signal, apiKey: this.config.apiKey },
    );
    recordUsage(usageOfResponse(model, response));
    return fitImage(readImageAnswer(response, model), width, height);
  }
}
