import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import sharp from 'sharp';
import type { ImageData } from '../../src/model/creative-model';
import { torsoBox } from '../../src/model/local/figures/fashion-model';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { productAnalysisSchema, type ProductAnalysis } from '../../src/shared/product';

const model = new LocalDirectorModel();

async function drawn(width: number, height: number, body: string): Promise<ImageData> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;
  return { bytes: await sharp(Buffer.from(svg)).png().toBuffer(), mimeType: 'image/png', width, height };
}

async function rgba(image: ImageData): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function alphaAt(pixels: { data: Buffer; width: number }, x: number, y: number): number {
  return pixels.data[(y * pixels.width + x) * 4 + 3] ?? -1;
}

/** A red bag-like ring (an outer disc with a hole) on an off-white backdrop, and its analysis by hand. */
async function ringProduct(): Promise<{ image: ImageData; analysis: ProductAnalysis }> {
  const image = await drawn(
    400,
    300,
    '<rect width="400" height="300" fill="#f2efe9"/><circle cx="200" cy="150" r="100" fill="#b0302a"/><circle cx="200" cy="150" r="40" fill="#f2efe9"/><rect x="150" y="110" width="20" height="20" fill="#f0c040"/>',
  );
  const analysis = productAnalysisSchema.parse({
    width: 400,
    height: 300,
    palette: ['#b0302a', '#f0c040'],
    backgroundColor: '#f2efe9',
    backgroundUniformity: 0.98,
    subjectBounds: { left: 100, top: 50, width: 200, height: 200 },
    subjectCoverage: 0.33,
    hasAlpha: false,
    description: 'a red ring',
  });
  return { image, analysis };
}

function failureType(type: string) {
  return (error: unknown) => error instanceof ApplicationFailure && error.type === type && error.nonRetryable;
}

describe('local product variants', () => {
  it('cuts the product out to its bounds, transparent in the corners and in enclosed holes', async () => {
    const { image, analysis } = await ringProduct();
    const cutout = await model.extractProduct(image, analysis);
    assert.deepEqual([cutout.mimeType, cutout.width, cutout.height], ['image/png', 200, 200]);
    const pixels = await rgba(cutout);
    for (const [x, y] of [
      [0, 0],
      [199, 0],
      [0, 199],
      [199, 199],
      [100, 100],
    ] as const)
      assert.equal(alphaAt(pixels, x, y), 0, `alpha at ${x},${y}`);
    for (const [x, y] of [
      [100, 20],
      [20, 100],
      [60, 70],
    ] as const)
      assert.equal(alphaAt(pixels, x, y), 255, `alpha at ${x},${y}`);
  });

  it('refuses subject bounds outside the image as InvalidInput', async () => {
    const { image, analysis } = await ringProduct();
    const outside = {
      ...analysis,
      width: 100,
      height: 75,
      subjectBounds: { left: 300, top: 200, width: 50, height: 50 },
    };
    await assert.rejects(model.extractProduct(image, outside), failureType('InvalidInput'));
  });

  it('draws a model of the requested size with its torso inside the documented box', async () => {
    const figure = await model.generateModel({ palette: ['#374e72', '#d9c7a7'], width: 300, height: 400 });
    assert.deepEqual([figure.width, figure.height], [300, 400]);
    const box = torsoBox(300, 400);
    assert.ok(
      box.left > 0 && box.top > 0 && box.left + box.width < 300 && box.top + box.height < 400,
      JSON.stringify(box),
    );
    const pixels = await rgba(figure);
    const at = (x: number, y: number) => pixels.data.subarray((y * 300 + x) * 4, (y * 300 + x) * 4 + 3);
    const torso = at(Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2));
    const wall = at(5, 5);
    assert.ok(
      Math.abs((torso[0] ?? 0) - (wall[0] ?? 0)) + Math.abs((torso[2] ?? 0) - (wall[2] ?? 0)) > 20,
      'the torso stands out from the wall',
    );
  });

  it('dresses the model: try-on changes the torso box and leaves the rest alone', async () => {
    const { image, analysis } = await ringProduct();
    const garment = await model.extractProduct(image, analysis);
    const bare = await model.generateModel({ palette: analysis.palette, width: 300, height: 400 });
    const dressed = await model.tryOn({ garment, model: bare });
    assert.deepEqual([dressed.width, dressed.height], [300, 400]);
    const [a, b] = await Promise.all([rgba(bare), rgba(dressed)]);
    const box = torsoBox(300, 400);
    const meanDifference = (x0: number, y0: number, w: number, h: number) => {
      let sum = 0;
      for (let y = y0; y < y0 + h; y++)
        for (let x = x0; x < x0 + w; x++)
          for (let c = 0; c < 3; c++)
            sum += Math.abs((a.data[(y * 300 + x) * 4 + c] ?? 0) - (b.data[(y * 300 + x) * 4 + c] ?? 0));
      return sum / (w * h * 3);
    };
    assert.ok(meanDifference(box.left, box.top, box.width, box.height) > 20, 'torso box changed');
    assert.ok(meanDifference(0, 340, 300, 60) < 1, 'feet and floor unchanged');
  });

  it('stages an accessory and composes a pair as squares of the requested size', async () => {
    const { image, analysis } = await ringProduct();
    const cutout = await model.extractProduct(image, analysis);
    const staged = await model.stageAccessory({ cutout, palette: analysis.palette, size: 320 });
    const pair = await model.composePair({ cutout, palette: analysis.palette, size: 256 });
    assert.deepEqual([staged.mimeType, staged.width, staged.height], ['image/png', 320, 320]);
    assert.deepEqual([pair.mimeType, pair.width, pair.height], ['image/png', 256, 256]);
    const redShare = async (img: ImageData) => {
      const { data } = await rgba(img);
      let red = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 0) > 140 && (data[i + 1] ?? 0) < 80) red++;
      return red / (data.length / 4);
    };
    assert.ok((await redShare(staged)) > 0.03, 'the product is on the stage');
    assert.ok((await redShare(pair)) > 0.06, 'both copies are in the pair shot');
  });

  it('crops exactly count details, the first from the most textured region', async () => {
    const stripes = Array.from(
      { length: 20 },
      (_, i) => `<rect x="${300 + i * 5}" y="20" width="2" height="100" fill="#222"/>`,
    ).join('');
    const image = await drawn(400, 300, `<rect width="400" height="300" fill="#d9c7a7"/>${stripes}`);
    const crops = await model.cropDetails({ image, count: 3, size: 96 });
    assert.equal(crops.length, 3);
    for (const crop of crops)
      assert.deepEqual([crop.mimeType, crop.width, crop.height], ['image/png', 96, 96]);
    const first = crops[0];
    assert.ok(first);
    const stats = await sharp(first.bytes).stats();
    assert.ok((stats.channels[0]?.stdev ?? 0) > 30, 'the first crop holds the stripes');
  });

  it('refuses a detail count of 0 as InvalidInput', async () => {
    const { image } = await ringProduct();
    await assert.rejects(model.cropDetails({ image, count: 0, size: 96 }), failureType('InvalidInput'));
  });
});
