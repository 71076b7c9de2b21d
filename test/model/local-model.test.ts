import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import sharp from 'sharp';
import { evaluateQuality, measureQuality } from '../../src/images/measure-quality';
import { readInputImage } from '../../src/images/read-input-image';
import type { ImageData } from '../../src/model/creative-model';
import { PRODUCT_CENTRE_Y, PRODUCT_FILL } from '../../src/model/local/composition/compose-product';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { colorDistance, hexToRgb } from '../../src/model/local/colour';
import {
  drawSampleProduct,
  SAMPLE_PRODUCTS,
  SAMPLE_SIZE,
  type SampleKind,
} from '../../src/samples/sample-product';
import { qualityThresholdsSchema, type ProductAnalysis } from '../../src/shared/product';
import { BACKGROUND_STYLES } from '../../src/shared/styles';
import { fixture, skipWithoutFixtures } from '../helpers/fixtures';

const model = new LocalDirectorModel();
const defaults = qualityThresholdsSchema.parse({});
const OUT = path.join(os.tmpdir(), 'linn-director-local-model');
const KINDS: SampleKind[] = ['tote', 'tshirt', 'sneaker'];
const samples = new Map<SampleKind, ImageData>();

before(async () => {
  await mkdir(OUT, { recursive: true });
  for (const kind of KINDS) {
    samples.set(kind, {
      bytes: await drawSampleProduct(kind),
      mimeType: 'image/png',
      width: SAMPLE_SIZE,
      height: SAMPLE_SIZE,
    });
  }
});

function sample(kind: SampleKind): ImageData {
  const image = samples.get(kind);
  assert.ok(image, `sample ${kind} drawn`);
  return image;
}

/** Analyses, renders a backdrop and composes: the E-commerce Director's chain without Temporal. */
async function composeChain(product: ImageData, style: (typeof BACKGROUND_STYLES)[number], size = 1200) {
  const analysis = await model.analyzeProduct(product);
  const background = await model.generateBackground({
    style,
    palette: analysis.palette,
    width: size,
    height: size,
  });
  const composite = await model.composeProduct({ product, analysis, background, size });
  return { analysis, background, composite };
}

/** The box of the pixels far from the composite's backdrop (measured on its own, not with the model's code). */
async function productBox(png: Buffer) {
  const { data, info } = await sharp(png)
    .resize(300, 300)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const corner = [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0] as const;
  let [left, top, right, bottom] = [info.width, info.height, 0, 0];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * 3;
      if (colorDistance([data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0], corner) < 90) continue;
      [left, top, right, bottom] = [
        Math.min(left, x),
        Math.min(top, y),
        Math.max(right, x + 1),
        Math.max(bottom, y + 1),
      ];
    }
  }
  const n = info.width;
  return {
    cx: (left + right) / 2 / n,
    cy: (top + bottom) / 2 / n,
    longest: Math.max(right - left, bottom - top) / n,
  };
}

function assertNear(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );
}

describe('local model: product analysis', () => {
  for (const kind of KINDS) {
    it(`finds the drawn ${kind}: its bounds, the backdrop colour and the product colour`, async () => {
      const geometry = SAMPLE_PRODUCTS[kind];
      const analysis: ProductAnalysis = await model.analyzeProduct(sample(kind));
      const found = analysis.subjectBounds;
      const tolerance = SAMPLE_SIZE * 0.02;
      assertNear(found.left, geometry.bounds.left, tolerance, `${kind} left`);
      assertNear(found.top, geometry.bounds.top, tolerance, `${kind} top`);
      assertNear(
        found.left + found.width,
        geometry.bounds.left + geometry.bounds.width,
        tolerance,
        `${kind} right`,
      );
      assertNear(
        found.top + found.height,
        geometry.bounds.top + geometry.bounds.height,
        tolerance,
        `${kind} bottom`,
      );
      assert.ok(
        colorDistance(hexToRgb(analysis.backgroundColor), hexToRgb(geometry.backdrop)) < 30,
        analysis.backgroundColor,
      );
      const nearest = Math.min(
        ...analysis.palette.map((c) => colorDistance(hexToRgb(c), hexToRgb(geometry.color))),
      );
      assert.ok(nearest < 45, `${kind}: palette ${analysis.palette.join(' ')} has ${geometry.color}`);
      assert.ok(analysis.backgroundUniformity > 0.8, `uniformity ${analysis.backgroundUniformity}`);
      assert.equal(analysis.hasAlpha, false);
      assert.match(analysis.description, /backdrop/);
    });
  }

  it('draws the same sample photo, byte for byte, every time', async () => {
    assert.ok((await drawSampleProduct('tote')).equals(sample('tote').bytes));
  });

  it('uses the alpha channel of a cut-out to find the product', async () => {
    const cutout = await sharp({ create: { width: 400, height: 300, channels: 4, background: '#00000000' } })
      .composite([
        {
          input: { create: { width: 120, height: 80, channels: 4, background: '#2a6a3aff' } },
          left: 200,
          top: 150,
        },
      ])
      .png()
      .toBuffer();
    const analysis = await model.analyzeProduct({
      bytes: cutout,
      mimeType: 'image/png',
      width: 400,
      height: 300,
    });
    assert.equal(analysis.hasAlpha, true);
    assert.deepEqual(analysis.subjectBounds, { left: 200, top: 150, width: 120, height: 80 });
    assert.ok(
      colorDistance(hexToRgb(analysis.palette[0] ?? ''), hexToRgb('#2a6a3a')) < 10,
      analysis.palette.join(),
    );
  });

  it('takes the whole frame as the subject when nothing stands out', async () => {
    const flat = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#d8c8b8' } })
      .png()
      .toBuffer();
    const analysis = await model.analyzeProduct({
      bytes: flat,
      mimeType: 'image/png',
      width: 300,
      height: 200,
    });
    assert.deepEqual(analysis.subjectBounds, { left: 0, top: 0, width: 300, height: 200 });
    assert.match(analysis.description, /whole frame/);
  });
});

describe('local model: backgrounds', () => {
  it('renders every style at the requested size, the same bytes every time', async () => {
    const seen = new Set<string>();
    for (const style of BACKGROUND_STYLES) {
      const request = { style, palette: ['#b4532f'], width: 640, height: 480 };
      const first = await model.generateBackground(request);
      const again = await model.generateBackground(request);
      const meta = await sharp(first.bytes).metadata();
      assert.deepEqual(
        [first.width, first.height, meta.width, meta.height, meta.format],
        [640, 480, 640, 480, 'png'],
        style,
      );
      assert.ok(first.bytes.equals(again.bytes), `${style} is deterministic`);
      seen.add(first.bytes.toString('base64'));
      await writeFile(path.join(OUT, `background-${style}.png`), first.bytes);
    }
    assert.equal(seen.size, BACKGROUND_STYLES.length, 'each style looks different');
  });

  it('refuses a size that is not a positive whole number with InvalidInput', async () => {
    const error = await model
      .generateBackground({ style: 'studio-white', palette: [], width: 0, height: 10 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure && error.type === 'InvalidInput', String(error));
  });
});

describe('local model: composition and quality', () => {
  it('composes a square PNG of the canvas size with the product centred a little above the middle', async () => {
    for (const [kind, style] of [
      ['tote', 'studio-white'],
      ['tshirt', 'warm-beige'],
      ['sneaker', 'dark-luxe'],
    ] as const) {
      const { composite } = await composeChain(sample(kind), style, 1000);
      await writeFile(path.join(OUT, `composite-${kind}-${style}.png`), composite.bytes);
      const meta = await sharp(composite.bytes).metadata();
      assert.deepEqual(
        [composite.width, composite.height, meta.width, meta.height, meta.channels],
        [1000, 1000, 1000, 1000, 3],
      );
      const box = await productBox(composite.bytes);
      assertNear(box.cx, 0.5, 0.04, `${kind} centre x`);
      assertNear(box.cy, PRODUCT_CENTRE_Y, 0.05, `${kind} centre y`);
      assertNear(box.longest, PRODUCT_FILL, 0.06, `${kind} size`);
    }
  });

  it('gives the same composite for the same inputs, and one that passes the default quality thresholds', async () => {
    const { composite } = await composeChain(sample('tote'), 'cool-grey', 1600);
    assert.ok(
      (await composeChain(sample('tote'), 'cool-grey', 1600)).composite.bytes.equals(composite.bytes),
    );
    await writeFile(path.join(OUT, 'composite-tote-cool-grey.png'), composite.bytes);
    const report = evaluateQuality(await measureQuality(composite), defaults);
    assert.deepEqual(report.reasons, []);
    assert.equal(report.passed, true);
  });

  it('fails a blurred composite for sharpness and a blank image for coverage, contrast and sharpness', async () => {
    const { composite } = await composeChain(sample('tote'), 'studio-white', 1600);
    const blurred = { ...composite, bytes: await sharp(composite.bytes).blur(6).png().toBuffer() };
    await writeFile(path.join(OUT, 'composite-blurred.png'), blurred.bytes);
    const soft = evaluateQuality(await measureQuality(blurred), defaults);
    assert.equal(soft.passed, false);
    assert.ok(
      soft.reasons.some((r) => /^sharpness [\d.]+ is below the minimum 5$/.test(r)),
      soft.reasons.join('; '),
    );
    const flat = await sharp({ create: { width: 1600, height: 1600, channels: 3, background: '#f2f0ec' } })
      .png()
      .toBuffer();
    const blank = evaluateQuality(await measureQuality({ ...composite, bytes: flat }), defaults);
    assert.equal(blank.passed, false);
    for (const metric of ['coverage', 'contrast', 'sharpness']) {
      assert.ok(
        blank.reasons.some((r) => r.startsWith(`${metric} `)),
        `${metric}: ${blank.reasons.join('; ')}`,
      );
    }
  });

  it('words each rejection with the metric, its value and the limit', () => {
    const report = evaluateQuality(
      { coverage: 0.97, contrast: 0.5, sharpness: 3.14, resolution: 800 },
      defaults,
    );
    assert.deepEqual(report.reasons, [
      'coverage 0.97 is above the maximum 0.95',
      'sharpness 3.1 is below the minimum 5',
      'resolution 800 px is below the minimum 1000 px',
    ]);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(model.analyzeProduct(sample('tote'), controller.signal), { name: 'AbortError' });
  });
});

describe('local model on the shared fixture photos', { skip: skipWithoutFixtures }, () => {
  for (const [name, style] of [
    ['photos/flowers.jpeg', 'soft-pastel'],
    ['photos/with-alpha.png', 'warm-beige'],
    ['photos/Portrait_8.jpg', 'studio-white'],
  ] as const) {
    it(`runs the whole chain on ${path.basename(name)}`, async () => {
      const product = await readInputImage(fixture(name));
      const { analysis, composite } = await composeChain(product, style, 1200);
      await writeFile(
        path.join(OUT, `fixture-${path.basename(name, path.extname(name))}.png`),
        composite.bytes,
      );
      assert.deepEqual([analysis.width, analysis.height], [product.width, product.height]);
      const meta = await sharp(composite.bytes).metadata();
      assert.deepEqual([meta.width, meta.height], [1200, 1200]);
      const report = evaluateQuality(await measureQuality(composite), defaults);
      assert.equal(report.passed, report.reasons.length === 0);
      if (name.includes('Portrait'))
        assert.deepEqual(report.reasons, [], 'an upright photo composite passes');
    });
  }

  it('analyses and composes the 2725x2225 photo into a composite that passes the quality check', async () => {
    const product = await readInputImage(fixture('photos/2569067123_aca715a2ee_o.jpg'));
    const analysis = await model.analyzeProduct(product);
    const background = await model.generateBackground({
      style: 'cool-grey',
      palette: analysis.palette,
      width: 1600,
      height: 1600,
    });
    const composite = await model.composeProduct({ product, analysis, background, size: 1600 });
    assert.deepEqual(evaluateQuality(await measureQuality(composite), defaults).reasons, []);
  });
});
