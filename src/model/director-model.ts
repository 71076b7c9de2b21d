import type { CreativeCapabilities, PostProcessing, ProductCapabilities } from './creative-capabilities';
import type { CreativeModel } from './creative-model';

/**
 * Every model call the Directors make: the product calls, the Creative and Product Directors' calls and
 * post-processing. The local, Gemini and fake models each implement all of it; the activities depend on
 * this type, never on one implementation.
 */
export type DirectorModel = CreativeModel & CreativeCapabilities & ProductCapabilities & PostProcessing;
