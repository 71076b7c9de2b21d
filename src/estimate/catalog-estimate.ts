import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkLine } from '../catalog/line-input';
import { firstLinesOfSkus } from '../catalog/line-fields';
import { ManifestError, manifestFormatOf, parseManifest } from '../catalog/manifest';
import type { CatalogInput } from '../shared/catalog';
import { nonRetryable } from '../shared/failures';
import type { EstimateFigures, PricedModels, RunEstimate } from './estimate-document';
import { estimateDirector } from './estimate-input';

function add(a: EstimateFigures, b: EstimateFigures): EstimateFigures {
  const cents = (x: number, y: number) => Math.round((x + y) * 1e6) / 1e6;
  return {
    calls: a.calls + b.calls,
    callsAtMost: a.callsAtMost + b.callsAtMost,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    images: a.images + b.images,
    imagesAtMost: a.imagesAtMost + b.imagesAtMost,
    usd: {
      low: cents(a.usd.low, b.usd.low),
      expected: cents(a.usd.expected, b.usd.expected),
      high: cents(a.usd.high, b.usd.high),
    },
  };
}

const NOTHING: EstimateFigures = {
  calls: 0,
  callsAtMost: 0,
  inputTokens: 0,
  outputTokens: 0,
  images: 0,
  imagesAtMost: 0,
  usd: { low: 0, expected: 0, high: 0 },
};

/**
 * A catalog's estimate from its manifest file on this machine: every line checked as the catalog checks it
 * (`checkLine`), each good line priced as its own Director run, summed by Director (one row each). Lines
 * the catalog would refuse are counted in a note and cost nothing; a line the memo or the ledger would
 * skip is counted in full. Throws `ManifestMalformed` (line and column) or `ManifestNotFound`.
 */
export async function estimateCatalog(
  manifest: string,
  defaults: NonNullable<CatalogInput['defaults']>,
  models: PricedModels,
): Promise<RunEstimate> {
  const text = await readFile(manifest, 'utf8').catch((error: unknown) => {
    throw nonRetryable('ManifestNotFound', `manifest ${manifest}: ${(error as Error).message}`);
  });
  let rows;
  try {
    rows = parseManifest(text.replace(/^\uFEFF/, ''), manifestFormatOf(manifest));
  } catch (error: unknown) {
    if (!(error instanceof ManifestError)) throw error;
    throw nonRetryable('ManifestMalformed', `${path.basename(manifest)} ${error.message}`);
  }
  // Image paths relative to the manifest, as `run catalog` reads them (it uploads or resolves them first).
  const folder = path.dirname(path.resolve(manifest));
  rows = rows.map((row) => {
    const image = row.fields.image;
    const relative =
      typeof image === 'string' && image !== '' && !image.startsWith('/') && !image.includes('://');
    return relative && !image.startsWith('inputs/')
      ? { ...row, fields: { ...row.fields, image: path.resolve(folder, image) } }
      : row;
  });
  const context = { defaults, storeUri: 'file:', firstLineOfSku: firstLinesOfSkus(rows) };
  const byDirector = new Map<string, EstimateFigures & { lines: number }>();
  let refused = 0;
  let costCapUsd = 0;
  for (const row of rows) {
    const line = checkLine(row, context);
    if (!line.ok) {
      refused += 1;
      continue;
    }
    const one = await estimateDirector(line.director, line.input, models);
    const sum = byDirector.get(line.director) ?? { ...NOTHING, lines: 0 };
    byDirector.set(line.director, { ...add(sum, one.total), lines: sum.lines + 1 });
    costCapUsd += one.costCapUsd;
  }
  const stages = [...byDirector].map(([director, figures]) => ({
    stage: `${figures.lines} ${director} line${figures.lines === 1 ? '' : 's'}`,
    ...figures,
  }));
  const total = stages.reduce<EstimateFigures>((sum, stage) => add(sum, stage), NOTHING);
  const notes = [
    models.kind === 'local'
      ? `local model (${models.reason}): calls are counted, none is charged`
      : `priced for ${models.textModel} (text) and ${models.imageModel} (images): ${models.reason}`,
    'each line is its own run with its own cost cap; the total cap is their sum',
    ...(refused > 0 ? [`${refused} line(s) the catalog would refuse (bad columns) are left out`] : []),
  ];
  return {
    director: 'catalog',
    models,
    stages: stages.map(({ lines: _, ...s }) => s),
    total,
    costCapUsd,
    notes,
  };
}
