import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import sharp from 'sharp';
import { createActivities, type Activities } from '../../src/activities';
import { measureComposite, SHARP_DECODERS, type QualityDecoders } from '../../src/images/check-composite';
import { measurePlacement } from '../../src/images/measure-placement';
import { loadGrey, measureQuality } from '../../src/images/measure-quality';
import { decodeImageBytes } from '../../src/images/read-input-image';
import { colourField, halvedColourField } from '../../src/model/local/analysis/colour-field';
import type { ImageData } from '../../src/model/creative-model';
import { FakeImages } from '../../src/model/fake/fake-images';
import { renderBackground } from '../../src/model/local/backgrounds/render-background';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { drawSampleProduct } from '../../src/samples/sample-product';
import { fixture, skipWithoutFixtures } from '../helpers/fixtures';
import { tempDeps } from '../helpers/temp-deps';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * What the pipeline made before the image work was trimmed (decode once, no re-encode, faster masks),
 * computed with that code for these inputs: the E-commerce steps on the local model at 1024 px. The
 * trimmed pipeline must give the same bytes; its scores moved twice, on purpose. Sharpness's grey copy is
 * Rec. 709 luma made in JavaScript since libvips' greyscale conversion was dropped (it cost more than the
 * decode and resize): tote 318.69 → 356.16, sneaker 180.68 → 185.56, flowers 26.4 → 26.57, trim-mc
 * 70.74 → 70.71, the fake scene 202.12 → 212.25. Then the check's backdrop is estimated at half
 * resolution (`CHECK_FOREGROUND`), which moves coverage by ≤ 0.001 and contrast by ≤ 0.004 (tote
 * 0.2598/0.5596 → 0.26/0.5617 and sharpness → 357.13, whose region is the product's inside; sneaker
 * 0.1383/0.4937 → 0.1385/0.4961, 185.31; flowers 0.2525/0.3441 → 0.2527/0.3461, 26.56; trim-mc
 * 0.1284/0.7608 → 0.129/0.7639, 71.69). What both do to the masks and to the verdicts over the fixtures,
 * sharp and blurred, is in docs/quality-check-cpu.md.
 */
const BEFORE = {
  tote: {
    intake: '2db8086421f45dac4ae693b4f6273df24807756f2a072ca81558105d857fa868',
    composite: 'f3859e4a033e6dda3cf6ce40f04e3b50a144dbb517f307f6b583d20105eb6bc3',
    metrics: {
      coverage: 0.26,
      contrast: 0.5617,
      sharpness: 357.13,
      resolution: 1024,
      framed: 0,
      upscale: 0.88,
    },
  },
  sneaker: {
    intake: 'b5d865bc382373ee88d5628004d8e1500754af1c1a3fa1b211c1e1d173593948',
    composite: 'cd861e5efcdda623f131c0d471a3e615ba2a8341f9c153f19a6dad5bfc864d4c',
    metrics: {
      coverage: 0.1385,
      contrast: 0.4961,
      sharpness: 185.31,
      resolution: 1024,
      framed: 0.047,
      upscale: 0.78,
    },
  },
  'photos/flowers.jpeg': {
    intake: '1084f773163150913ccf897757bf1c0994aff5504343968f21566c158f9260d9',
    composite: 'cd064151b2ad8a2cd2103b1954253e9072ec21c9f763838118000ea93a47e1e4',
    metrics: {
      coverage: 0.2527,
      contrast: 0.3461,
      sharpness: 26.56,
      resolution: 1024,
      framed: 0.813,
      upscale: 0.35,
    },
  },
  'photos/trim-mc.png': {
    composite: '6f3752afe6eae06f13035c39fc336c9f2c891dfb19c3730279b7638f1f6c967e',
    metrics: {
      coverage: 0.129,
      contrast: 0.7639,
      sharpness: 71.69,
      resolution: 1024,
      framed: 0,
      upscale: 3.95,
    },
  },
  /** The fake model's 1600 px composite, which the throughput bench checks on every run. */
  fakeScene: { coverage: 0.242, contrast: 0.6282, sharpness: 212.25, resolution: 1600 },
} as const;

let dir = '';
let deps: Awaited<ReturnType<typeof tempDeps>>;
let call: <K extends keyof Activities>(
  name: K,
  input: Parameters<Activities[K]>[0],
) => ReturnType<Activities[K]>;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'image-work-once-'));
  deps = await tempDeps();
  const activities = createActivities(deps);
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  call = (name, input) => {
    const activity = activities[name] as (input: unknown) => ReturnType<Activities[typeof name]>;
    return env.run(activity, input) as ReturnType<Activities[typeof name]>;
  };
});
after(async () => {
  await deps.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** The E-commerce Director's image steps on the local model, as activities over a real blob store. */
async function ecommerceSteps(file: string, runKey: string) {
  const size = 1024;
  const { image: product } = await call('intakeImage', { runKey, source: file, name: 'product' });
  const { analysis } = await call('analyzeProduct', { image: product });
  const { image: background } = await call('generateBackground', {
    runKey,
    style: 'studio-white',
    palette: analysis.palette,
    size,
  });
  const { image: composite } = await call('composeProduct', { runKey, product, analysis, background, size });
  const { report } = await call('checkQuality', {
    image: composite,
    thresholds: { minResolution: size },
    source: { image: product, subjectBounds: analysis.subjectBounds },
  });
  return { product, composite, metrics: report.metrics };
}

/** Decoders that count the decodes of each image (by its bytes' sha256). */
function countingDecoders(): { decoders: QualityDecoders; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const count = (kind: string, bytes: Buffer) => {
    const key = `${kind}:${sha256(bytes)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  return {
    counts,
    decoders: {
      raw: (bytes, maxSide, options) => {
        count('raw', bytes);
        return SHARP_DECODERS.raw(bytes, maxSide, options);
      },
      grey: (bytes, maxSide) => {
        count('grey', bytes);
        return SHARP_DECODERS.grey(bytes, maxSide);
      },
    },
  };
}

describe('Image work done once', () => {
  it('gives the sample products the intake and composite bytes and the scores of the old pipeline', async () => {
    for (const kind of ['tote', 'sneaker'] as const) {
      const file = path.join(dir, `${kind}.png`);
      await writeFile(file, await drawSampleProduct(kind));
      const { product, composite, metrics } = await ecommerceSteps(file, `pins-${kind}`);
      assert.equal(product.sha256, BEFORE[kind].intake, `${kind}: intake`);
      assert.equal(composite.sha256, BEFORE[kind].composite, `${kind}: composite`);
      assert.deepEqual(metrics, BEFORE[kind].metrics, kind);
    }
  });

  it(
    'gives real photos the composites and scores of the old pipeline',
    { skip: skipWithoutFixtures },
    async () => {
      const flowers = await ecommerceSteps(fixture('photos/flowers.jpeg'), 'pins-flowers');
      assert.equal(
        flowers.product.sha256,
        BEFORE['photos/flowers.jpeg'].intake,
        'a JPEG is normalised as before',
      );
      assert.equal(flowers.composite.sha256, BEFORE['photos/flowers.jpeg'].composite);
      assert.deepEqual(flowers.metrics, BEFORE['photos/flowers.jpeg'].metrics);
      // A PNG cut-out is kept as it came (its intake bytes are the file's), and makes the same composite.
      const trim = await ecommerceSteps(fixture('photos/trim-mc.png'), 'pins-trim');
      assert.equal(trim.composite.sha256, BEFORE['photos/trim-mc.png'].composite);
      assert.deepEqual(trim.metrics, BEFORE['photos/trim-mc.png'].metrics);
    },
  );

  it('renders backdrops with the pixels of the old pipeline', async () => {
    // sha256 of the decoded RGB pixels the old code gave for a 640×480 backdrop tinted #c04020.
    const pixels = {
      'studio-white': '50428cc4283d29d3a43f40d07f446d58acfa61fd11dcb669f82ee5ddb2bb59c2',
      'dark-luxe': 'f38bfc8442d5ba2e4cb9ac9d73f0471b02134bcd0001c29b7d421d2791872187',
    } as const;
    for (const [style, expected] of Object.entries(pixels)) {
      const backdrop = await renderBackground({
        style: style as keyof typeof pixels,
        palette: ['#c04020'],
        width: 640,
        height: 480,
      });
      assert.equal(sha256(await sharp(backdrop.bytes).raw().toBuffer()), expected, style);
    }
  });

  it('scores the fake model composite the bench checks as the old code did', async () => {
    const scene = await new FakeImages().get('scene', 1600, 1600);
    assert.deepEqual(await measureQuality(scene), BEFORE.fakeScene);
  });

  it('decodes the composite and the photo once each for quality and placement, with the same metrics', async () => {
    const model = new LocalDirectorModel();
    const photo = await decodeImageBytes(await drawSampleProduct('tshirt'), 'tshirt');
    const analysis = await model.analyzeProduct(photo);
    const background = await model.generateBackground({
      style: 'studio-white',
      palette: analysis.palette,
      width: 1024,
      height: 1024,
    });
    const composite = await model.composeProduct({ product: photo, analysis, background, size: 1024 });
    const separately = {
      ...(await measureQuality(composite)),
      ...(await measurePlacement(composite, photo, analysis.subjectBounds)),
    };
    for (const backgroundHint of [undefined, '#ffffff']) {
      const { decoders, counts } = countingDecoders();
      const source = { photo, subjectBounds: analysis.subjectBounds };
      const check = backgroundHint === undefined ? { source } : { source, backgroundHint };
      const metrics = await measureComposite(composite, check, decoders);
      assert.deepEqual(
        Object.fromEntries(counts),
        {
          [`raw:${sha256(composite.bytes)}`]: 1,
          [`grey:${sha256(composite.bytes)}`]: 1,
          [`raw:${sha256(photo.bytes)}`]: 1,
        },
        `hint ${backgroundHint}: one decode per copy`,
      );
      const expected =
        backgroundHint === undefined
          ? separately
          : {
              ...(await measureQuality(composite, backgroundHint)),
              ...(await measurePlacement(composite, photo, analysis.subjectBounds)),
            };
      assert.deepEqual(metrics, expected, `hint ${backgroundHint}`);
    }
  });

  it("estimates the check's backdrop at half resolution within a few levels of the full estimate", () => {
    // A vignetted backdrop (a radial falloff and a horizontal gradient) with a product block excluded.
    const width = 301;
    const height = 240;
    const data = Buffer.alloc(width * height * 4);
    const exclude = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const falloff = Math.hypot(x - width / 2, y - height / 2) / 2;
        data.set([240 - falloff, 230 - falloff + x / 20, 220 - falloff / 2, 255], i * 4);
        if (x > 100 && x < 200 && y > 60 && y < 200) {
          exclude[i] = 1;
          data.set([30, 40, 90], i * 4); // the product: left out of the estimate
        }
      }
    }
    const full = colourField(data, width, height, exclude, [235, 230, 220]);
    const halved = halvedColourField(data, width, height, exclude, [235, 230, 220]);
    assert.equal(halved.length, full.length);
    let worst = 0;
    for (let i = 0; i < full.length; i++)
      worst = Math.max(worst, Math.abs((full[i] ?? 0) - (halved[i] ?? 0)));
    assert.ok(worst < 8, `the halved field is within ${worst.toFixed(2)} levels of the full one`);
    assert.ok(worst > 0, 'and is its own estimate, not the full one');
  });

  it('measures sharpness on Rec. 709 luma flattened on white', async () => {
    // Pure red, pure green, and a transparent pixel: luma 54 and 182, and the white behind.
    const pixels = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0]);
    const png = await sharp(pixels, { raw: { width: 3, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const grey = await loadGrey(png, 1024);
    assert.deepEqual([...grey.data], [54, 182, 255]);
  });

  it('keeps an upright 8-bit sRGB PNG as it came, with the pixels a re-encode would give', async () => {
    const pixels = await sharp(await drawSampleProduct('sneaker'))
      .resize(400)
      .raw()
      .toBuffer({ resolveWithObject: true });
    // Encoded unlike the intake's own PNG, so a re-encode would change the bytes.
    const fast = await sharp(pixels.data, { raw: pixels.info }).png({ compressionLevel: 1 }).toBuffer();
    const kept = await decodeImageBytes(fast, 'fast.png');
    assert.equal(sha256(kept.bytes), sha256(fast), 'the bytes are the file as it came');
    assert.deepEqual([kept.mimeType, kept.width, kept.height], ['image/png', 400, 400]);
    const decoded = await sharp(kept.bytes).raw().toBuffer();
    assert.ok(decoded.equals(pixels.data), 'the pixels are the ones drawn');
  });

  it('still refuses a kept PNG that is truncated or fully transparent', async () => {
    const clear = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#ff000000' } })
      .png()
      .toBuffer();
    await assert.rejects(decodeImageBytes(clear, 'clear.png'), (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, 'InvalidInput');
      assert.match(error.message, /clear\.png.*fully transparent/);
      return true;
    });
    const whole = await drawSampleProduct('tote');
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    await assert.rejects(decodeImageBytes(cut, 'cut.png'), (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, 'CorruptImage');
      assert.match(error.message, /cut\.png/);
      return true;
    });
  });

  it('still normalises a PNG that is not upright 8-bit sRGB (16-bit, rotated) to a new PNG', async () => {
    const drawn = await drawSampleProduct('tote');
    const deep = await sharp(drawn).resize(300).toColourspace('rgb16').png().toBuffer();
    const rotated = await sharp(drawn)
      .resize(300, 200, { fit: 'fill' })
      .withMetadata({ orientation: 6 })
      .png()
      .toBuffer();
    for (const [name, bytes] of [
      ['deep.png', deep],
      ['rotated.png', rotated],
    ] as const) {
      const image: ImageData = await decodeImageBytes(bytes, name);
      assert.notEqual(sha256(image.bytes), sha256(bytes), `${name} is re-encoded`);
      const meta = await sharp(image.bytes).metadata();
      assert.deepEqual([meta.depth, meta.orientation ?? 1], ['uchar', 1], name);
    }
  });
});
