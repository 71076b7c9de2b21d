/**
 * Shows what a change to the quality check does, in pictures and in pass/fail: the E-commerce image steps
 * (intake, analysis, backdrop, composite, on the local model) run over every photo in the fixtures folder
 * and the drawn samples; each composite, sharp and blurred, is measured by the check of two source trees —
 * `--before` (an older `src/`, e.g. `git archive <commit> src | tar -x -C /tmp/before`) and this one.
 * Writes into `--out` (a folder outside git): one side-by-side picture per photo (composite, the foreground
 * the check found before and after, and where they differ), a contact sheet of them all (JPEG), and
 * `metrics.json` / `metrics.md` with every score and verdict before and after.
 *
 *   npx tsx scripts/compare-quality.ts --before /tmp/before/src --out /tmp/compare [--fixtures <dir>]
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodeImageBytes } from '../src/images/read-input-image';
import type { ImageData } from '../src/model/creative-model';
import { LocalDirectorModel } from '../src/model/local/local-model';
import { drawSampleProduct } from '../src/samples/sample-product';
import type { QualityMetrics, QualityReport, QualityThresholds } from '../src/shared/product';

/** The parts of a source tree's quality check this script calls (the same names before and after). */
interface QualityTree {
  decodeQualityCopies(image: ImageData): Promise<{ raw: { width: number; height: number } }>;
  measureQualityOf(copies: unknown): {
    metrics: QualityMetrics;
    foreground?: { width: number; height: number; mask: Uint8Array };
  };
  measureComposite(image: ImageData, check: object): Promise<QualityMetrics>;
  evaluateQuality(metrics: QualityMetrics, thresholds: QualityThresholds): QualityReport;
  thresholds: QualityThresholds;
}

function loadTree(src: string): QualityTree {
  /* eslint-disable @typescript-eslint/no-require-imports -- a tree chosen at run time */
  const quality = require(path.join(src, 'images/measure-quality')) as QualityTree;
  const composite = require(path.join(src, 'images/check-composite')) as QualityTree;
  const product = require(path.join(src, 'shared/product')) as {
    qualityThresholdsSchema: { parse(value: object): QualityThresholds };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    decodeQualityCopies: (image) => quality.decodeQualityCopies(image),
    measureQualityOf: (copies) => quality.measureQualityOf(copies),
    measureComposite: (image, check) => composite.measureComposite(image, check),
    evaluateQuality: (metrics, thresholds) => quality.evaluateQuality(metrics, thresholds),
    thresholds: product.qualityThresholdsSchema.parse({}),
  };
}

const TILE = 320;
const BLURS = [0, 2, 4, 6] as const;

interface Row {
  photo: string;
  blur: number;
  before: QualityMetrics;
  after: QualityMetrics;
  beforePassed: boolean;
  afterPassed: boolean;
  beforeReasons: string[];
  afterReasons: string[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      before: { type: 'string' },
      out: { type: 'string' },
      fixtures: { type: 'string', default: '/work/shared/fixtures/images/photos' },
      size: { type: 'string', default: '1600' },
    },
  });
  if (!values.before || !values.out) throw new Error('usage: --before <old src> --out <folder>');
  const size = Number(values.size);
  const before = loadTree(path.resolve(values.before));
  const after = loadTree(path.join(__dirname, '..', 'src'));
  const out = path.resolve(values.out);
  await mkdir(out, { recursive: true });
  const model = new LocalDirectorModel();
  const inputs: { name: string; bytes: Buffer }[] = [];
  for (const kind of ['tote', 'tshirt', 'sneaker'] as const) {
    inputs.push({ name: `sample-${kind}`, bytes: await drawSampleProduct(kind) });
  }
  for (const file of (await readdir(values.fixtures)).sort()) {
    inputs.push({ name: file, bytes: await sharp(path.join(values.fixtures, file)).toBuffer() });
  }
  const rows: Row[] = [];
  const tiles: Buffer[] = [];
  for (const input of inputs) {
    let composite: ImageData;
    let check: object;
    try {
      const photo = await decodeImageBytes(input.bytes, input.name);
      const analysis = await model.analyzeProduct(photo);
      const background = await model.generateBackground({
        style: 'studio-white',
        palette: analysis.palette,
        width: size,
        height: size,
      });
      composite = await model.composeProduct({ product: photo, analysis, background, size });
      check = { source: { photo, subjectBounds: analysis.subjectBounds } };
    } catch (error: unknown) {
      console.log(`${input.name}: skipped (${String(error).split('\n')[0]})`);
      continue;
    }
    for (const blur of BLURS) {
      const image =
        blur === 0
          ? composite
          : { ...composite, bytes: await sharp(composite.bytes).blur(blur).png().toBuffer() };
      const thresholds = { minResolution: size };
      const [b, a] = [
        await before.measureComposite(image, check),
        await after.measureComposite(image, check),
      ];
      const rb = before.evaluateQuality(b, { ...before.thresholds, ...thresholds });
      const ra = after.evaluateQuality(a, { ...after.thresholds, ...thresholds });
      rows.push({
        photo: input.name,
        blur,
        before: b,
        after: a,
        beforePassed: rb.passed,
        afterPassed: ra.passed,
        beforeReasons: rb.reasons,
        afterReasons: ra.reasons,
      });
      console.log(
        `${input.name} blur ${blur}: ${JSON.stringify(b)} ${rb.passed ? 'pass' : 'FAIL'} -> ${JSON.stringify(a)} ${ra.passed ? 'pass' : 'FAIL'}`,
      );
    }
    const tile = await sideBySide(input.name, composite, before, after, rows.slice(-BLURS.length));
    await writeFile(path.join(out, `${input.name.replace(/\.[a-z]+$/i, '')}.png`), tile);
    tiles.push(tile);
  }
  await writeFile(path.join(out, 'metrics.json'), `${JSON.stringify(rows, null, 2)}\n`);
  await writeFile(path.join(out, 'metrics.md'), table(rows, before.thresholds, after.thresholds));
  const sheet = await sharp(await stack(tiles))
    .jpeg({ quality: 72, mozjpeg: true })
    .toBuffer();
  await writeFile(path.join(out, 'contact-sheet.jpg'), sheet);
  console.log(
    `wrote ${tiles.length} pictures, contact-sheet.jpg (${sheet.length} bytes) and metrics to ${out}`,
  );
}

// One row: the composite, the check's foreground before and after over it, and the difference.
async function sideBySide(
  name: string,
  composite: ImageData,
  before: QualityTree,
  after: QualityTree,
  rows: Row[],
): Promise<Buffer> {
  const base = await sharp(composite.bytes).resize(TILE, TILE).removeAlpha().raw().toBuffer();
  const [maskBefore, maskAfter] = await Promise.all([
    foregroundAt(before, composite),
    foregroundAt(after, composite),
  ]);
  const overlay = (mask: Uint8Array, tint: readonly [number, number, number]) => {
    const out = Buffer.from(base);
    for (let i = 0; i < TILE * TILE; i++) {
      if (!mask[i]) continue;
      for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(((out[i * 3 + c] ?? 0) + (tint[c] ?? 0)) / 2);
    }
    return out;
  };
  const diff = Buffer.alloc(TILE * TILE * 3, 255);
  let changed = 0;
  for (let i = 0; i < TILE * TILE; i++) {
    const b = maskBefore[i] ?? 0;
    const a = maskAfter[i] ?? 0;
    const colour = b && a ? [160, 160, 160] : b ? [220, 30, 30] : a ? [30, 60, 220] : [255, 255, 255];
    if (a !== b) changed++;
    diff.set(colour, i * 3);
  }
  const panels = [base, overlay(maskBefore, [255, 0, 160]), overlay(maskAfter, [0, 160, 255]), diff];
  const captions = [
    name,
    `before: ${describe(rows, 'before')}`,
    `after: ${describe(rows, 'after')}`,
    `mask differs on ${((100 * changed) / (TILE * TILE)).toFixed(2)}% (red: before only, blue: after only)`,
  ];
  const width = TILE * panels.length;
  const caption = 44;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${caption}"><rect width="100%" height="100%" fill="#fff"/>${captions
    .map(
      (text, i) =>
        `<text x="${i * TILE + 6}" y="16" font-family="DejaVu Sans, sans-serif" font-size="11" fill="#222">${escapeXml(
          text,
        )
          .split(' | ')
          .map((line, k) => `<tspan x="${i * TILE + 6}" dy="${k === 0 ? 0 : 14}">${line}</tspan>`)
          .join('')}</text>`,
    )
    .join('')}</svg>`;
  return sharp({ create: { width, height: TILE + caption, channels: 3, background: '#ffffff' } })
    .composite([
      ...panels.map((data, i) => ({
        input: data,
        raw: { width: TILE, height: TILE, channels: 3 as const },
        left: i * TILE,
        top: 0,
      })),
      { input: Buffer.from(svg), left: 0, top: TILE },
    ])
    .png()
    .toBuffer();
}

// The check's foreground of a composite, scaled to the tile (nearest neighbour).
async function foregroundAt(tree: QualityTree, image: ImageData): Promise<Uint8Array> {
  const found = tree.measureQualityOf(await tree.decodeQualityCopies(image)).foreground;
  const tile = new Uint8Array(TILE * TILE);
  if (!found) return tile;
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      const fx = Math.floor((x * found.width) / TILE);
      const fy = Math.floor((y * found.height) / TILE);
      tile[y * TILE + x] = found.mask[fy * found.width + fx] ?? 0;
    }
  }
  return tile;
}

function describe(rows: Row[], side: 'before' | 'after'): string {
  const sharpRow = rows[0];
  if (!sharpRow) return '';
  const m = sharpRow[side];
  const verdicts = rows
    .map((r) => `σ${r.blur} ${r[side].sharpness.toFixed(1)}${r[`${side}Passed`] ? '' : '✗'}`)
    .join(' ');
  return `cov ${m.coverage} con ${m.contrast} fr ${m.framed ?? '-'} | sharp ${verdicts}`;
}

function table(rows: Row[], before: QualityThresholds, after: QualityThresholds): string {
  const lines = [
    `minSharpness before ${before.minSharpness}, after ${after.minSharpness}`,
    '',
    '| photo | blur σ | coverage | contrast | sharpness | framed | upscale | verdict |',
    '| --- | --: | --: | --: | --: | --: | --: | --- |',
  ];
  const pair = (b: number | undefined, a: number | undefined) =>
    b === a ? `${b ?? '-'}` : `${b ?? '-'} → ${a ?? '-'}`;
  for (const r of rows) {
    const verdict = (passed: boolean, reasons: string[]) =>
      passed ? 'pass' : `fail (${reasons.map((x) => x.split(' ')[0]).join(', ')})`;
    lines.push(
      `| ${r.photo} | ${r.blur} | ${pair(r.before.coverage, r.after.coverage)} | ${pair(r.before.contrast, r.after.contrast)} | ${pair(r.before.sharpness, r.after.sharpness)} | ${pair(r.before.framed, r.after.framed)} | ${pair(r.before.upscale, r.after.upscale)} | ${pair(verdict(r.beforePassed, r.beforeReasons) as never, verdict(r.afterPassed, r.afterReasons) as never)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function stack(tiles: Buffer[]): Promise<Buffer> {
  const metas = await Promise.all(tiles.map((t) => sharp(t).metadata()));
  const width = Math.max(...metas.map((m) => m.width));
  const height = metas.reduce((sum, m) => sum + m.height, 0);
  let top = 0;
  const layers = tiles.map((input, i) => {
    const layer = { input, left: 0, top };
    top += metas[i]?.height ?? 0;
    return layer;
  });
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

void main();
