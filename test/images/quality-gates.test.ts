import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureCutout } from '../../src/images/measure-cutout';
import { evaluateQuality, measureQuality } from '../../src/images/measure-quality';
import { measurePlacement } from '../../src/images/measure-placement';
import { readInputImage } from '../../src/images/read-input-image';
import type { ImageData } from '../../src/model/creative-model';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { ecommerceInputSchema } from '../../src/shared/ecommerce';
import { qualityThresholdsSchema } from '../../src/shared/product';
import { branchQualityThresholdsSchema } from '../../src/shared/product-quality';
import { drawProduct } from '../helpers/drawn-images';
import { drawScene } from '../helpers/drawn-scene';
import { fixture, skipWithoutFixtures } from '../helpers/fixtures';

const model = new LocalDirectorModel();
const defaults = qualityThresholdsSchema.parse({});
const branchDefaults = branchQualityThresholdsSchema.parse({});
const CANVAS = 1600;

/** What the local model makes of a photo for the E-commerce Director, and the gate's measurements of it. */
async function ecommerceShot(photo: ImageData, size = CANVAS) {
  const analysis = await model.analyzeProduct(photo);
  const background = await model.generateBackground({
    style: 'studio-white',
    palette: analysis.palette,
    width: size,
    height: size,
  });
  const composite = await model.composeProduct({ product: photo, analysis, background, size });
  const placement = await measurePlacement(composite, photo, analysis.subjectBounds);
  const metrics = { ...(await measureQuality(composite)), ...placement };
  return { analysis, placement, report: evaluateQuality(metrics, { ...defaults, minResolution: size }) };
}

/** The local model's cut-out of a photo, as the Product Director's branches make it, and its measurements. */
async function cutoutOf(photo: ImageData) {
  const analysis = await model.analyzeProduct(photo);
  return measureCutout(await model.extractProduct(photo, analysis));
}

const SCENES = ['concert.jpg', 'Landscape_6.jpg', 'Portrait_8.jpg', 'low-contrast.jpg', 'flowers.jpeg'];

describe('E-commerce quality gate: placement', () => {
  it('rejects a scene pasted whole as a framed print, enlarged too far', async () => {
    const { analysis, placement, report } = await ecommerceShot(await readInputImage(await drawScene()));
    assert.match(analysis.description, /^A scene rather than a studio shot/);
    assert.ok(placement.framed > defaults.maxFramed, `framed ${placement.framed}`);
    assert.ok(placement.upscale > defaults.maxUpscale, `upscale ${placement.upscale}`);
    assert.equal(report.passed, false);
    assert.ok(report.reasons.some((r) => /^framed .* the whole photo was pasted as a rectangle/.test(r)));
    assert.ok(report.reasons.some((r) => /^upscale .* too small for this canvas/.test(r)));
  });

  it('passes cut-out studio products at their own size', async () => {
    for (const kind of ['tote', 'tshirt', 'sneaker'] as const) {
      const { placement, report } = await ecommerceShot(await readInputImage(await drawProduct(kind)), 1024);
      assert.ok(placement.framed < 0.1, `${kind}: framed ${placement.framed}`);
      assert.ok(placement.upscale < 1.5, `${kind}: upscale ${placement.upscale}`);
      assert.deepEqual(report.reasons, [], kind);
    }
  });

  it('rejects every real scene photo as framed', { skip: skipWithoutFixtures }, async () => {
    for (const name of SCENES) {
      const { analysis, placement, report } = await ecommerceShot(
        await readInputImage(fixture(`photos/${name}`)),
      );
      assert.match(analysis.description, /^A scene rather than a studio shot/, name);
      assert.ok(placement.framed > defaults.maxFramed, `${name}: framed ${placement.framed}`);
      assert.equal(report.passed, false, name);
    }
  });

  it(
    'flags a real cut-out far smaller than the canvas as too small, not framed',
    { skip: skipWithoutFixtures },
    async () => {
      const { placement, report } = await ecommerceShot(
        await readInputImage(fixture('photos/trim-mc.png')),
        1024,
      );
      assert.equal(placement.framed, 0, 'a transparent cut-out has no photo edge to show');
      assert.ok(placement.upscale > 3, `a 200x240 image on a 1024 px canvas: upscale ${placement.upscale}`);
      assert.deepEqual(
        report.reasons.map((r) => r.split(' ')[0]),
        ['upscale'],
      );
    },
  );
});

describe('quality overrides', () => {
  it('keep only the thresholds a request gives, so the canvas size stays the minimum resolution', () => {
    const input = ecommerceInputSchema.parse({ productImage: 'photo.jpg', quality: { maxFramed: 1 } });
    assert.deepEqual(input.quality, { maxFramed: 1 });
  });
});

describe('Product quality gate: cut-outs', () => {
  it('finds the confetti a busy scene is cut into', async () => {
    const metrics = await cutoutOf(await readInputImage(await drawScene()));
    assert.ok(metrics.speckShare > branchDefaults.maxSpeckShare, `speckShare ${metrics.speckShare}`);
    assert.ok(metrics.specks > 10, `specks ${metrics.specks}`);
  });

  it('finds a studio product cut out in one piece', async () => {
    for (const kind of ['tote', 'tshirt', 'sneaker'] as const) {
      const metrics = await cutoutOf(await readInputImage(await drawProduct(kind)));
      assert.equal(metrics.specks, 0, kind);
      assert.ok(metrics.edge < branchDefaults.maxCutoutEdge, `${kind}: edge ${metrics.edge}`);
    }
  });

  it(
    'tells a speckled real scene from a cut-out made of several large pieces',
    { skip: skipWithoutFixtures },
    async () => {
      for (const name of ['concert.jpg', 'low-contrast.jpg']) {
        const metrics = await cutoutOf(await readInputImage(fixture(`photos/${name}`)));
        assert.ok(
          metrics.speckShare > branchDefaults.maxSpeckShare,
          `${name}: speckShare ${metrics.speckShare}`,
        );
      }
      // Two words and two stars: several parts, none of them a speck of backdrop.
      const lettering = await cutoutOf(await readInputImage(fixture('photos/trim-mc.png')));
      assert.ok(lettering.speckShare < branchDefaults.maxSpeckShare, `trim-mc: ${lettering.speckShare}`);
    },
  );

  it('accepts an opaque cut-out on a plain backdrop, as image models return them', async () => {
    const metrics = await measureCutout(await readInputImage(await drawProduct('tote')));
    assert.equal(metrics.specks, 0);
    assert.ok(metrics.edge < 0.05, `edge ${metrics.edge}`);
    assert.ok(
      metrics.opaque > 0.2 && metrics.opaque < 0.5,
      `the tote fills part of the frame: ${metrics.opaque}`,
    );
  });

  it('sees a rectangle that was not cut out at all', async () => {
    const photo = await readInputImage(await drawScene());
    const metrics = await measureCutout(photo);
    assert.equal(metrics.opaque, 1);
    assert.ok(metrics.edge > branchDefaults.maxCutoutEdge, `edge ${metrics.edge}`);
  });
});
