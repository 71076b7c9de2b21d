import type { DirectorModel } from '../activities/deps';
import { LocalCreativeCapabilities } from './local-creative/local-creative-model';
import { LocalCreativeModel } from './local/local-model';

/**
 * The embedded default model: every Director's calls answered locally with sharp — deterministic, no
 * network, no key. Built once per worker.
 */
export function createLocalDirectorModel(): DirectorModel {
  const product = new LocalCreativeModel();
  const creative = new LocalCreativeCapabilities();
  return {
    id: product.id,
    analyzeProduct: (image, signal) => product.analyzeProduct(image, signal),
    generateBackground: (request, signal) => product.generateBackground(request, signal),
    composeProduct: (request, signal) => product.composeProduct(request, signal),
    analyzeReference: (image, signal) => creative.analyzeReference(image, signal),
    writePrompts: (request, signal) => creative.writePrompts(request, signal),
    generateImage: (request, signal) => creative.generateImage(request, signal),
    judgeImage: (request, signal) => creative.judgeImage(request, signal),
    extractProduct: (image, analysis, signal) => creative.extractProduct(image, analysis, signal),
    generateModel: (request, signal) => creative.generateModel(request, signal),
    tryOn: (request, signal) => creative.tryOn(request, signal),
    stageAccessory: (request, signal) => creative.stageAccessory(request, signal),
    cropDetails: (request, signal) => creative.cropDetails(request, signal),
    composePair: (request, signal) => creative.composePair(request, signal),
    render: (image, rendition) => creative.render(image, rendition),
    contactSheet: (items, options) => creative.contactSheet(items, options),
  };
}
