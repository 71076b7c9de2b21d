import { createRequire } from 'node:module';
import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };

// `@google/genai` is an ES-module package whose types TypeScript (module node16) will not let a CommonJS file
// import as a value, although the package ships a CommonJS build for `require`. So the types come in by an
// import-mode type import and the value by `require`: the same SDK, loaded the way Node loads it for this project.

/** The SDK's request and response types this provider uses. */
export type {
  Candidate,
  GenerateContentParameters,
  GenerateContentResponse,
  Part,
} from '@google/genai' with { 'resolution-mode': 'import' };

/** The `@google/genai` client class's instance type. */
export type GoogleGenAI = GenAI.GoogleGenAI;

const requireCommonJs = createRequire(__filename);

/** The `@google/genai` SDK's runtime exports (its CommonJS build). */
export const genai = requireCommonJs('@google/genai') as typeof GenAI;
