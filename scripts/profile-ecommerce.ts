/**
 * Where an E-commerce run's worker CPU goes, without Temporal: the activities the E-commerce Director
 * calls, with the inputs it gives them (the quality check with the source photo, the report, the
 * intermediates' removal), in-process over the bench's fake model at 0 ms (its image work is real). Prints
 * each activity's process CPU (every thread, sharp's included) per run, over `--runs` runs after `--warmup`.
 * Run under `node --cpu-prof` (NODE_OPTIONS) for a profile of the JavaScript side.
 *
 *   npx tsx scripts/profile-ecommerce.ts --runs 20 [--image photo.png]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBaseline, type CallActivity } from '../bench/lib/baseline';
import { drawSampleProduct } from '../src/samples/sample-product';

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      image: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const zero = { kind: 'fixed', ms: 0 } as const;
  const baseline = await createBaseline({ imageLatency: zero, textLatency: zero, localLatency: zero });
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-profile-'));
  let productImage = values.image;
  if (!productImage) {
    productImage = path.join(root, 'tote.png');
    await writeFile(productImage, await drawSampleProduct('tote'));
  }
  const perActivity = new Map<string, number>();
  let counting = false;
  const call = (async (name: Parameters<CallActivity>[0], input: never) => {
    const started = cpuMs();
    try {
      return await baseline.call(name, input);
    } finally {
      if (counting) perActivity.set(name, (perActivity.get(name) ?? 0) + cpuMs() - started);
    }
  }) as CallActivity;
  const once = async (runKey: string) => {
    const size = 1600;
    await call('resolveInput', { director: 'ecommerce', input: { productImage, style: 'studio-white' } });
    const { image: product } = await call('intakeImage', { runKey, source: productImage, name: 'product' });
    const { analysis } = await call('analyzeProduct', { image: product });
    const { image: background } = await call('generateBackground', {
      runKey,
      style: 'studio-white',
      palette: analysis.palette,
      size,
    });
    const { image: composite } = await call('composeProduct', {
      runKey,
      product,
      analysis,
      background,
      size,
    });
    const { report } = await call('checkQuality', {
      image: composite,
      thresholds: { minResolution: size },
      source: { image: product, subjectBounds: analysis.subjectBounds },
    });
    if (!report.passed) throw new Error(report.reasons.join('; '));
    await call('publishImages', { runKey, images: [{ name: 'product.png', image: composite }] });
    await call('writeRunReport', {
      runKey,
      director: 'ecommerce',
      title: 'profile',
      items: [{ label: 'product.png', image: composite }],
      summary: { director: 'ecommerce', status: 'running', stages: [], compensations: [], durationMs: 0 },
    });
    await call('removeRunIntermediates', { runKey });
  };
  for (let i = 0; i < warmup; i++) await once(`profile-warmup-${i}`);
  counting = true;
  const started = cpuMs();
  for (let i = 0; i < runs; i++) await once(`profile-${i}`);
  const total = cpuMs() - started;
  const rows = [...perActivity].sort((a, b) => b[1] - a[1]);
  console.log(`CPU per run (in-process, all threads): ${(total / runs).toFixed(1)} ms over ${runs} runs`);
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(24)} ${(ms / runs).toFixed(1)} ms`);
  await baseline.dispose();
  await rm(root, { recursive: true, force: true });
}

void main();
