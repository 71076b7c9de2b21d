import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import sharp from 'sharp';
import type { ImageData } from '../../src/model/creative-model';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { brandGuideSchema, type BrandGuide } from '../../src/shared/brand-guide';
import {
  creativePromptSchema,
  referenceAnalysisSchema,
  type ReferenceAnalysis,
} from '../../src/shared/creative';
import { fixture, skipWithoutFixtures } from '../helpers/fixtures';

const model = new LocalDirectorModel();

function brand(id: string): BrandGuide {
  return brandGuideSchema.parse(
    JSON.parse(readFileSync(path.resolve(__dirname, '../../brands', `${id}.json`), 'utf8')),
  );
}

async function drawn(width: number, height: number, body: string): Promise<ImageData> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;
  return { bytes: await sharp(Buffer.from(svg)).png().toBuffer(), mimeType: 'image/png', width, height };
}

async function flat(width: number, height: number, colour: string): Promise<ImageData> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
  return { bytes, mimeType: 'image/png', width, height };
}

function failureType(type: string) {
  return (error: unknown) => error instanceof ApplicationFailure && error.type === type && error.nonRetryable;
}

const greyAnalysis: ReferenceAnalysis = referenceAnalysisSchema.parse({
  width: 100,
  height: 100,
  palette: ['#808080', '#5a5a5a'],
  brightness: 0.45,
  contrast: 0.05,
  saturation: 0.02,
  warmth: 0,
  orientation: 'square',
  keywords: ['muted', 'grey', 'soft'],
  description: 'A muted grey square image.',
});

describe('local reference analysis', () => {
  it('reads a warm orange image as warm and vivid, with orange in its palette', async () => {
    const image = await drawn(
      300,
      200,
      '<rect width="300" height="200" fill="#ff8c1a"/><circle cx="150" cy="100" r="30" fill="#ffd27f"/>',
    );
    const analysis = await model.analyzeReference(image);
    assert.ok(analysis.warmth > 0.5, `warmth ${analysis.warmth}`);
    assert.ok(
      analysis.keywords.includes('warm') && analysis.keywords.includes('vivid'),
      analysis.keywords.join(' '),
    );
    assert.equal(analysis.palette[0], '#ff8c1a');
    assert.equal(analysis.orientation, 'landscape');
    assert.match(analysis.description, /warm/);
  });

  it('reads a dark navy image as dark and cool', async () => {
    const image = await drawn(
      200,
      300,
      '<rect width="200" height="300" fill="#101a3a"/><rect y="200" width="200" height="100" fill="#1c2c5c"/>',
    );
    const analysis = await model.analyzeReference(image);
    assert.ok(analysis.brightness < 0.2, `brightness ${analysis.brightness}`);
    assert.ok(
      analysis.keywords.includes('dark') && analysis.keywords.includes('cool'),
      analysis.keywords.join(' '),
    );
    assert.equal(analysis.orientation, 'portrait');
  });

  it('reads black and white halves as high-contrast, with both in the palette', async () => {
    const analysis = await model.analyzeReference(
      await drawn(
        200,
        200,
        '<rect width="100" height="200" fill="#000"/><rect x="100" width="100" height="200" fill="#fff"/>',
      ),
    );
    assert.ok(analysis.contrast > 0.45, `contrast ${analysis.contrast}`);
    assert.ok(analysis.keywords.includes('high-contrast'));
    assert.deepEqual([...analysis.palette].sort(), ['#000000', '#ffffff']);
  });

  it('refuses bytes that are not an image as CorruptImage', async () => {
    const image = { bytes: Buffer.from('not an image'), mimeType: 'image/png', width: 1, height: 1 };
    await assert.rejects(model.analyzeReference(image), failureType('CorruptImage'));
  });

  it('analyses real photos within the schema', { skip: skipWithoutFixtures }, async () => {
    for (const name of ['photos/flowers.jpeg', 'photos/Portrait_8.jpg', 'photos/low-contrast.jpg']) {
      if (!existsSync(fixture(name))) continue;
      const bytes = readFileSync(fixture(name));
      const analysis = await model.analyzeReference({ bytes, mimeType: 'image/jpeg', width: 1, height: 1 });
      assert.ok(
        analysis.palette.length >= 1 && analysis.keywords.length >= 3,
        `${name}: ${JSON.stringify(analysis)}`,
      );
    }
  });
});

describe('local prompt writing', () => {
  it('writes exactly count prompts indexed 0..count-1, cycling compositions', async () => {
    const prompts = await model.writePrompts({
      analyses: [greyAnalysis],
      guide: brand('linn-atelier'),
      mood: 'serene',
      count: 7,
    });
    assert.equal(prompts.length, 7);
    assert.deepEqual(
      prompts.map((p) => p.index),
      [0, 1, 2, 3, 4, 5, 6],
    );
    assert.equal(new Set(prompts.map((p) => p.composition)).size, 5);
    for (const prompt of prompts) creativePromptSchema.parse(prompt);
    assert.match(prompts[0]?.text ?? '', /Linn Atelier/);
    assert.match(prompts[0]?.text ?? '', /serene/i);
  });

  it("never mentions a word from the brand's avoid list, even when references and mood use it", async () => {
    const guide = brand('soleil-studio');
    const prompts = await model.writePrompts({
      analyses: [greyAnalysis],
      guide,
      mood: 'muted grey afternoon',
      count: 5,
    });
    for (const prompt of prompts) {
      for (const word of guide.avoid)
        assert.ok(!prompt.text.toLowerCase().includes(word), `"${word}" in: ${prompt.text}`);
    }
  });

  it('derives seeds from index and text: stable across calls, distinct within a batch', async () => {
    const request = { analyses: [], guide: brand('north-pier'), mood: 'stormy', count: 6 };
    const first = await model.writePrompts(request);
    const second = await model.writePrompts(request);
    assert.deepEqual(first, second);
    assert.equal(new Set(first.map((p) => p.seed)).size, 6);
  });

  it('refuses a count below 1 as InvalidInput', async () => {
    await assert.rejects(
      model.writePrompts({ analyses: [], guide: brand('north-pier'), mood: 'crisp', count: 0 }),
      failureType('InvalidInput'),
    );
  });
});

describe('local image generation and judging', () => {
  const guide = brand('linn-atelier');
  const promptsFor = (count: number) => model.writePrompts({ analyses: [], guide, mood: 'serene', count });

  it('generates identical bytes for the same seed and different images for different seeds', async () => {
    const [prompt] = await promptsFor(1);
    assert.ok(prompt);
    const a = await model.generateImage({ prompt, width: 320, height: 400 });
    const b = await model.generateImage({ prompt, width: 320, height: 400 });
    const c = await model.generateImage({
      prompt: { ...prompt, seed: prompt.seed + 1 },
      width: 320,
      height: 400,
    });
    assert.ok(a.bytes.equals(b.bytes));
    assert.ok(!a.bytes.equals(c.bytes));
    const [rawA, rawC] = await Promise.all([a, c].map((image) => sharp(image.bytes).raw().toBuffer()));
    let changed = 0;
    for (let i = 0; i < (rawA?.length ?? 0); i += 3)
      if (Math.abs((rawA?.[i] ?? 0) - (rawC?.[i] ?? 0)) > 24) changed++;
    assert.ok(changed / ((rawA?.length ?? 1) / 3) > 0.1, `only ${changed} pixels differ visibly`);
  });

  it('generates a PNG of the requested size for every composition', async () => {
    const prompts = await promptsFor(5);
    for (const prompt of prompts) {
      const image = await model.generateImage({ prompt, width: 240, height: 300 });
      const meta = await sharp(image.bytes).metadata();
      assert.deepEqual(
        [image.mimeType, image.width, image.height, meta.format, meta.width, meta.height],
        ['image/png', 240, 300, 'png', 240, 300],
      );
    }
  });

  it('refuses a size outside 64..4096 as InvalidInput', async () => {
    const [prompt] = await promptsFor(1);
    assert.ok(prompt);
    await assert.rejects(
      model.generateImage({ prompt, width: 10, height: 300 }),
      failureType('InvalidInput'),
    );
  });

  it('scores generated images between 0.35 and 0.99, spread across 0.8, and a flat grey image near zero', async () => {
    const prompts = await promptsFor(8);
    const scores: number[] = [];
    for (const prompt of prompts) {
      const image = await model.generateImage({ prompt, width: 320, height: 400 });
      const { score } = await model.judgeImage({ image, prompt, guide });
      scores.push(score);
    }
    for (const score of scores) assert.ok(score >= 0.35 && score <= 0.99, `scores ${scores.join(' ')}`);
    // Seeds spread the scores, so a raised minScore sends some images to another round and passes others.
    assert.ok(scores.some((s) => s < 0.8) && scores.some((s) => s >= 0.8), `scores ${scores.join(' ')}`);
    const prompt = prompts[0];
    assert.ok(prompt);
    const grey = await model.judgeImage({ image: await flat(320, 400, '#808080'), prompt, guide });
    assert.ok(grey.score < 0.2 && grey.score < Math.min(...scores), `grey ${grey.score}`);
    assert.ok(grey.reasons.some((r) => r.startsWith('blank')));
  });

  it("names the aspect ratio when an image does not match the brand's", async () => {
    const [prompt] = await promptsFor(1);
    assert.ok(prompt);
    const image = await model.generateImage({ prompt, width: 400, height: 400 });
    const judgement = await model.judgeImage({ image, prompt, guide });
    assert.ok(
      judgement.reasons.some((r) => r.startsWith('aspect ratio')),
      judgement.reasons.join('; '),
    );
  });

  it('throws before working when the signal is already aborted', async () => {
    const [prompt] = await promptsFor(1);
    assert.ok(prompt);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await assert.rejects(
      model.generateImage({ prompt, width: 320, height: 400 }, controller.signal),
      /cancelled by test/,
    );
  });
});

describe('local post-processing', () => {
  it('renders each format at the longest side, keeping the aspect, with its mime type', async () => {
    const source = await drawn(
      600,
      400,
      '<rect width="600" height="400" fill="#3d5a73"/><circle cx="300" cy="200" r="120" fill="#e4572e"/>',
    );
    const cases = [
      ['png', 'image/png', 300, 200],
      ['jpeg', 'image/jpeg', 1200, 800],
      ['webp', 'image/webp', 150, 100],
    ] as const;
    for (const [format, mimeType, width, height] of cases) {
      const out = await model.render(source, { longestSide: width, format });
      const meta = await sharp(out.bytes).metadata();
      assert.deepEqual(
        [out.mimeType, out.width, out.height, meta.format, meta.width, meta.height],
        [mimeType, width, height, format, width, height],
      );
    }
  });

  it('lays out a contact sheet in ceil(sqrt(n)) columns of labelled cells', async () => {
    const images = await Promise.all(
      ['#ffd166', '#ef476f', '#118ab2', '#06d6a0', '#073b4c'].map((c) => flat(200, 250, c)),
    );
    const items = images.map((image, i) => ({ image, label: `#${i} score 0.${70 + i}` }));
    const sheet = await model.contactSheet(items, { cell: 128 });
    assert.equal(sheet.mimeType, 'image/png');
    // Three columns and two rows of 128-pixel cells, plus gutters and a label line under each row.
    assert.ok(sheet.width > 3 * 128 && sheet.width < 3 * 128 + 80, `width ${sheet.width}`);
    assert.ok(sheet.height > 2 * 128 + 40 && sheet.height < 2 * 128 + 160, `height ${sheet.height}`);
    const wide = await model.contactSheet(items, { cell: 64, columns: 5 });
    assert.ok(wide.width > 5 * 64 && wide.height < 2 * 64, `${wide.width}x${wide.height}`);
    const stats = await sharp(sheet.bytes).stats();
    assert.ok((stats.channels[0]?.max ?? 0) === 255, 'white background');
  });

  it('refuses an empty contact sheet as InvalidInput', async () => {
    await assert.rejects(model.contactSheet([]), failureType('InvalidInput'));
  });
});
